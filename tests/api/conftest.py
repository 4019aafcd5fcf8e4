import pytest
from rest_framework.test import APIClient

from api.models import ApiKey


def make_key(user, *, access=ApiKey.Access.READ, **fields) -> tuple[ApiKey, str]:
    return ApiKey.objects.create_key(name="CRM", user=user, access=access, **fields)


def key_client(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    return client


@pytest.fixture
def api():
    return APIClient()
