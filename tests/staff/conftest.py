from tests.staff.fixtures import (  # noqa: F401 - fixtures for this folder
    advisor,
    case,
    client_user,
    company,
    issuer,
    other_advisor,
    other_case,
    other_company,
    today,
)
