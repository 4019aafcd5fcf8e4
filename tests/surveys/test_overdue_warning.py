"""An action item saved with its due date already passed is saved, with a word about it."""

import datetime as dt

import pytest
from django.urls import reverse

from surveys.models import ActionItem, Area
from tests.factories import TODAY, ActionItemFactory

pytestmark = pytest.mark.django_db

WARNING = "fristen {} har allerede gått ut"
ITEM = {
    "area": Area.PHYSICAL,
    "measure": "Skjerm rundt dreiebenken",
    "responsible": "Verkstedleder",
    "status": ActionItem.Status.OPEN,
}
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def logged_in(client, advisor):
    client.force_login(advisor)
    return client


def _create(client, company, due_date, **extra):
    url = reverse("surveys:action_item_create", args=[company.pk])
    data = ITEM | {"due_date": due_date.isoformat()} | extra
    return client.post(url, data, follow=True).content.decode()


def test_an_item_created_overdue_is_saved_with_a_warning(logged_in, company):
    page = _create(logged_in, company, YESTERDAY)
    assert ActionItem.objects.get().due_date == YESTERDAY
    assert "Tiltaket er registrert." in page
    assert WARNING.format(YESTERDAY.strftime("%d.%m.%Y")) in page
    assert "alert-warning" in page


def test_an_item_due_today_or_later_gets_no_warning(logged_in, company):
    assert "har allerede gått ut" not in _create(logged_in, company, TODAY)


def test_a_done_item_with_a_past_date_gets_no_warning(logged_in, company):
    page = _create(logged_in, company, YESTERDAY, status=ActionItem.Status.DONE)
    assert "har allerede gått ut" not in page


def test_moving_the_due_date_into_the_past_warns(logged_in, company):
    item = ActionItemFactory(company=company, due_date=TODAY + dt.timedelta(days=10))
    url = reverse("surveys:action_item_update", args=[item.pk])
    data = {k: v for k, v in ITEM.items() if k != "status"} | {"due_date": YESTERDAY.isoformat()}
    page = logged_in.post(url, data, follow=True).content.decode()
    assert "Tiltaket er endret." in page
    assert "har allerede gått ut" in page


def test_editing_an_overdue_item_without_touching_its_date_does_not_warn_again(logged_in, company):
    item = ActionItemFactory(company=company, due_date=YESTERDAY)
    url = reverse("surveys:action_item_update", args=[item.pk])
    data = {k: v for k, v in ITEM.items() if k != "status"}
    data |= {"due_date": YESTERDAY.isoformat(), "measure": "Ny tekst"}
    page = logged_in.post(url, data, follow=True).content.decode()
    assert "Tiltaket er endret." in page
    assert "har allerede gått ut" not in page
