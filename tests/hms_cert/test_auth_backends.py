"""Model permissions are the admin site's: read for staff users only (hms_cert/auth_backends)."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AdvisorFactory

pytestmark = pytest.mark.django_db


def _given_change_survey(user):
    user.user_permissions.add(Permission.objects.get(codename="change_survey"))
    return type(user).objects.get(pk=user.pk)  # a fresh object: no permission cache


def test_a_staff_user_has_the_model_permissions_the_admin_gave():
    staff = _given_change_survey(AdvisorFactory(is_staff=True))
    assert staff.has_perm("surveys.change_survey")
    assert staff.has_module_perms("surveys")


def test_outside_the_admin_a_model_permission_grants_nothing_and_is_not_read():
    advisor = _given_change_survey(AdvisorFactory())
    with CaptureQueriesContext(connection) as queries:
        assert not advisor.has_perm("surveys.change_survey")
        assert not advisor.has_module_perms("surveys")
    assert len(queries) == 0


def test_the_application_permissions_are_the_rules(client):
    advisor = AdvisorFactory()
    assert advisor.has_perm("companies.view_portfolio")
    client.force_login(advisor)
    assert client.get("/portefolje/").status_code == 200
