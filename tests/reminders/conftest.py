from tests.staff.fixtures import (  # noqa: F401 - fixtures for this folder
    advisor,
    client_user,
    company,
    other_advisor,
    other_company,
    today,
)
