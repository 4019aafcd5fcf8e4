"""Clients update their action items: status, comment and evidence, never measure or due date."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from documents.models import Document
from portal import services
from portal.models import ActionItemComment
from surveys.models import ActionItem
from tests.documents import files
from tests.factories import ActionItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(company):
    return ActionItemFactory(
        company=company,
        measure="Montere rekkverk på mesaninen",
        due_date=dt.date(2026, 12, 20),
        status=ActionItem.Status.OPEN,
    )


def _url(item):
    return reverse("portal:action_item_update", args=[item.pk])


def test_a_client_marks_an_item_done_and_the_history_names_them(client, client_user, item):
    client.force_login(client_user)

    response = client.post(_url(item), {"status": "DONE", "comment": "Rekkverket er montert."})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    record = item.history.first()
    assert record.history_user == client_user
    assert record.status == "DONE"
    comment = ActionItemComment.objects.get()
    assert comment.author == client_user
    assert comment.text == "Rekkverket er montert."
    html = client.get(reverse("portal:dashboard")).content.decode()
    assert "Rekkverket er montert." in html
    assert "Utført" in html


def test_not_applicable_needs_a_reason(client, client_user, item):
    client.force_login(client_user)

    response = client.post(_url(item), {"status": "NOT_APPLICABLE", "reason": "  "})

    assert response.status_code == 200
    assert "Skriv en begrunnelse" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN

    client.post(_url(item), {"status": "NOT_APPLICABLE", "reason": "Mesaninen er revet."})
    item.refresh_from_db()
    assert item.status == ActionItem.Status.NOT_APPLICABLE
    assert item.status_reason == "Mesaninen er revet."
    assert item.history.first().history_user == client_user


def test_the_service_refuses_not_applicable_without_a_reason(client_user, item):
    with pytest.raises(ValidationError, match="begrunnelse"):
        services.action_item_client_update(item=item, actor=client_user, status="NOT_APPLICABLE")


def test_leaving_not_applicable_clears_the_reason(client_user, item):
    services.action_item_client_update(
        item=item, actor=client_user, status="NOT_APPLICABLE", reason="Ikke relevant."
    )
    item = services.action_item_client_update(item=item, actor=client_user, status="IN_PROGRESS")
    assert item.status_reason == ""


def test_clients_cannot_change_the_measure_or_due_date(client, client_user, item):
    client.force_login(client_user)
    client.post(
        _url(item),
        {"status": "IN_PROGRESS", "measure": "Ingenting", "due_date": "2030-01-01"},
    )
    item.refresh_from_db()
    assert item.status == ActionItem.Status.IN_PROGRESS
    assert item.measure == "Montere rekkverk på mesaninen"
    assert item.due_date == dt.date(2026, 12, 20)


def test_an_unknown_status_is_refused(client, client_user, item):
    client.force_login(client_user)
    response = client.post(_url(item), {"status": "CANCELLED"})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN
    with pytest.raises(ValidationError):
        services.action_item_client_update(item=item, actor=client_user, status="CANCELLED")


def test_evidence_is_stored_as_a_document_of_the_item_for_review(client, client_user, item):
    client.force_login(client_user)

    client.post(
        _url(item),
        {"status": "DONE", "evidence": files.upload("rekkverk.png", files.png_1x1())},
    )

    document = Document.objects.get()
    assert document.action_item == item
    assert document.company == item.company
    assert document.status == Document.Status.PENDING
    assert document.criterion == "B4"
    assert document.effective_from == dt.date(2026, 11, 25)


def test_refused_evidence_saves_nothing_at_all(client, client_user, item, media_files):
    client.force_login(client_user)

    response = client.post(
        _url(item),
        {
            "status": "DONE",
            "comment": "Se vedlegg.",
            "evidence": files.upload("bevis.pdf", files.EXE),
        },
    )

    assert response.status_code == 200
    assert "Filen kan ikke lastes opp" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN
    assert not ActionItemComment.objects.exists()
    assert not Document.objects.exists()
    assert media_files() == []
    assert item.history.count() == 1


@pytest.mark.parametrize("who", ["other_client", "advisor", "issuer"])
def test_only_the_companys_client_users_reach_the_form(client, request, item, who):
    """Staff change action items on the case page; this form is the client's."""
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(item)).status_code == 404
    assert client.post(_url(item), {"status": "DONE"}).status_code == 404
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN


def test_the_service_refuses_another_companys_client(other_client, item):
    with pytest.raises(PermissionDenied):
        services.action_item_client_update(item=item, actor=other_client, status="DONE")


def test_anonymous_users_are_sent_to_login(client, item):
    response = client.get(_url(item))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
