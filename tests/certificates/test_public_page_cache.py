"""The public pages are rendered once per content (hms_cert/page_cache.py): never stale,
never another visitor's menu or language, and every answer with a CSRF token of its own."""

import re

import pytest
from django.contrib.messages import INFO, add_message
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse

from certificates import services
from hms_cert.page_cache import render_by_content
from tests.certificates.scenarios import class_b_case
from tests.factories import AdvisorFactory, ClientUserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def certificate(issuer, today):
    case = class_b_case(today=today, name="Rørlegger Hansen AS")
    return services.certificate_issue(case=case, klass="B", actor=issuer)


def _url(certificate) -> str:
    return reverse("certificates:verify", args=[certificate.verification_code])


def test_a_page_seen_before_a_revocation_says_revoked_after_it(client, certificate, issuer):
    assert 'data-status="valid"' in client.get(_url(certificate)).content.decode()
    services.certificate_revoke(certificate=certificate, reason="Avvik ikke lukket", actor=issuer)
    html = client.get(_url(certificate)).content.decode()
    assert 'data-status="revoked"' in html
    assert 'data-status="valid"' not in html


def test_the_same_page_again_is_not_rendered_again(client, certificate):
    first = client.get(_url(certificate))
    again = client.get(_url(certificate))
    assert [t.name for t in first.templates][:1] == ["certificates/verify.html"]
    assert again.templates == []  # served from the cache: no template rendered
    assert again.status_code == 200
    assert 'data-status="valid"' in again.content.decode()


def test_every_answer_has_its_own_csrf_token_and_the_copy_check_accepts_it(certificate):
    browser = Client(enforce_csrf_checks=True)
    tokens = [TOKEN.findall(browser.get(_url(certificate)).content.decode()) for _ in range(2)]
    assert all(len(found) == 2 for found in tokens)  # the copy check and the language menu
    assert tokens[0][0] != tokens[1][0]
    assert not any(token.startswith("csrf") for found in tokens for token in found)
    posted = browser.post(
        _url(certificate),
        {
            "csrfmiddlewaretoken": tokens[1][0],
            "pdf": SimpleUploadedFile("s.pdf", certificate.pdf.read(), "application/pdf"),
        },
    )
    assert posted.status_code == 200
    assert 'data-check="match"' in posted.content.decode()


def test_one_visitors_menu_is_never_served_to_another(client, certificate):
    advisor = AdvisorFactory(first_name="Rita", last_name="Rådgiver")
    customer = ClientUserFactory(first_name="Kari", last_name="Kunde")
    client.force_login(advisor)
    as_advisor = client.get(_url(certificate)).content.decode()
    client.force_login(customer)
    as_customer = client.get(_url(certificate)).content.decode()
    anonymous = Client().get(_url(certificate)).content.decode()
    assert "Rita Rådgiver" in as_advisor and "Portefølje" in as_advisor
    assert "Kari Kunde" in as_customer and "Rita Rådgiver" not in as_customer
    assert "Portefølje" not in as_customer
    assert "Rita Rådgiver" not in anonymous and "Kari Kunde" not in anonymous
    assert "Logg inn" in anonymous


def test_the_page_in_english_is_not_served_to_a_reader_of_bokmal(certificate):
    reader_of_english = Client()
    reader_of_english.cookies["django_language"] = "en"  # as the language menu leaves it
    english = reader_of_english.get(_url(certificate)).content.decode()
    bokmal = Client().get(_url(certificate)).content.decode()
    assert 'lang="en"' in english and "Valid." in english
    assert 'lang="nb"' in bokmal and "Gyldig." in bokmal


def test_the_register_after_an_issue_lists_the_new_certificate(client, certificate, issuer, today):
    url = reverse("certificates:register") + "?q=AS"
    assert "Fjordlys" not in client.get(url).content.decode()
    services.certificate_issue(
        case=class_b_case(today=today, name="Fjordlys Verksted AS"), klass="B", actor=issuer
    )
    html = client.get(url).content.decode()
    assert "Fjordlys Verksted AS" in html and "Rørlegger Hansen AS" in html


def test_a_waiting_message_is_shown_once_and_not_kept_in_the_page(rf: RequestFactory, db):
    advisor = AdvisorFactory()

    def request(message: str = ""):
        made = rf.get(reverse("certificates:register"))
        made.user = advisor
        made.session = SessionStore()
        made._messages = FallbackStorage(made)
        if message:
            add_message(made, INFO, message)
        return made

    def page(made) -> str:
        context = {"page": [], "query": "", "searched": False}
        response = render_by_content(made, "certificates/register.html", context, content=())
        return response.content.decode()

    assert "Språket er byttet" in page(request("Språket er byttet"))
    assert "Språket er byttet" not in page(request())
