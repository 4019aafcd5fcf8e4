"""A client takes back their own upload while it waits for review; nobody else can."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import services
from documents.models import Category, Document
from tests.documents import files
from tests.factories import TODAY, ClientUserFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _upload(company, user, **extra):
    return services.document_upload(
        company=company,
        actor=user,
        file=files.upload("feil-fil.pdf", files.PDF),
        category=Category.EMPLOYMENT_CONTRACTS,
        effective_from=TODAY,
        **extra,
    )


@pytest.fixture
def document(company, client_user, media_files):
    return _upload(company, client_user)


def _url(document):
    return reverse("documents:withdraw", args=[document.pk])


def test_the_uploader_is_asked_first(client, client_user, document):
    client.force_login(client_user)
    page = client.get(_url(document)).content.decode()
    assert "Vil du trekke tilbake «feil-fil.pdf»" in page
    assert "Ja, trekk tilbake" in page
    document.refresh_from_db()
    assert document.status == Document.Status.PENDING


def test_the_uploader_withdraws_it_and_it_stays_in_the_history(client, client_user, document):
    client.force_login(client_user)
    listing = client.get(reverse("documents:company_documents", args=[document.company_id]))
    assert _url(document) in listing.content.decode()

    response = client.post(_url(document), follow=True)

    page = response.content.decode()
    assert "«feil-fil.pdf» er trukket tilbake." in page
    assert "Trukket tilbake" in page
    assert _url(document) not in page  # no second withdrawal offered
    document.refresh_from_db()
    assert document.status == Document.Status.WITHDRAWN
    latest = document.history.first()
    assert latest.status == Document.Status.WITHDRAWN
    assert latest.history_user == client_user
    assert document.history.count() == 2


def test_a_withdrawn_upload_leaves_the_review_queue(client, advisor, document):
    client.force_login(advisor)
    queue = reverse("documents:review_queue")
    assert "feil-fil.pdf" in client.get(queue).content.decode()
    services.document_withdraw(document=document, actor=document.uploaded_by)
    assert "feil-fil.pdf" not in client.get(queue).content.decode()


@pytest.mark.parametrize("status", [Document.Status.ACCEPTED, Document.Status.REJECTED])
def test_a_reviewed_upload_cannot_be_withdrawn(client, client_user, advisor, document, status):
    review = services.document_accept if status == "ACCEPTED" else services.document_reject
    review(document=document, actor=advisor, comment="Sett.")
    client.force_login(client_user)
    assert (
        _url(document)
        not in client.get(
            reverse("documents:company_documents", args=[document.company_id])
        ).content.decode()
    )

    page = client.post(_url(document), follow=True).content.decode()

    assert "Bare dokumenter som venter på gjennomgang kan trekkes tilbake." in page
    document.refresh_from_db()
    assert document.status == status
    with pytest.raises(ValidationError):
        services.document_withdraw(document=document, actor=client_user)


def test_a_client_of_another_company_gets_404(client, other_company, document):
    stranger = ClientUserFactory()
    MembershipFactory(user=stranger, company=other_company)
    client.force_login(stranger)
    assert client.get(_url(document)).status_code == 404
    assert client.post(_url(document)).status_code == 404
    with pytest.raises(PermissionDenied):
        services.document_withdraw(document=document, actor=stranger)
    document.refresh_from_db()
    assert document.status == Document.Status.PENDING


def test_a_colleague_cannot_withdraw_someone_elses_upload(client, company, document):
    colleague = ClientUserFactory()
    MembershipFactory(user=colleague, company=company)
    client.force_login(colleague)
    listing = client.get(reverse("documents:company_documents", args=[company.pk]))
    assert _url(document) not in listing.content.decode()
    assert client.post(_url(document)).status_code == 403
    document.refresh_from_db()
    assert document.status == Document.Status.PENDING


@pytest.mark.parametrize("role", ["advisor", "issuer"])
def test_staff_cannot_withdraw_an_upload(client, request, document, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get(_url(document)).status_code == 403
    assert client.post(_url(document)).status_code == 403
    with pytest.raises(PermissionDenied):
        services.document_withdraw(document=document, actor=user)
    document.refresh_from_db()
    assert document.status == Document.Status.PENDING


def test_staff_uploads_are_not_the_clients_to_withdraw(client, client_user, company, advisor):
    staff_upload = _upload(company, advisor)
    client.force_login(client_user)
    assert client.post(_url(staff_upload)).status_code == 403


def test_a_client_who_left_the_company_cannot(client, client_user, document):
    client_user.memberships.all().delete()
    with pytest.raises(PermissionDenied):
        services.document_withdraw(document=document, actor=client_user)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


@pytest.mark.parametrize("name", ["documents:company_documents", "portal:dashboard_company"])
def test_offering_withdrawal_costs_no_query_per_row(client, client_user, company, document, name):
    client.force_login(client_user)
    url = reverse(name, args=[company.pk])
    one = _queries(client, url)
    for _ in range(5):
        _upload(company, client_user)
    assert _queries(client, url) == one
    assert client.get(url).content.decode().count("Trekk tilbake") == 6
