from tests.documents.fixtures import (  # noqa: F401 - fixtures for this folder
    advisor,
    client_user,
    company,
    issuer,
    media_files,
    other_advisor,
    other_client,
    other_company,
    today,
)
