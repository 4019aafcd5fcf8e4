import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_start_page_is_in_bokmal_with_bootstrap_from_the_project(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nb">' in html
    assert "HMS-sertifikat" in html
    assert "Logg inn" in html
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "cdn" not in html.lower()


def test_login_and_logout(client):
    # An advisor lands on the portfolio (tests/hms_cert/test_landing.py: every role).
    User.objects.create_user(
        username="rita", password="hemmelig-passord-1", first_name="Rita", role=User.Role.ADVISOR
    )
    response = client.post(
        reverse("login"), {"username": "rita", "password": "hemmelig-passord-1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("companies:portfolio")
    assert "Rita" in response.content.decode()
    response = client.post(reverse("logout"), follow=True)
    assert "Logg inn" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_wrong_password_gives_a_norwegian_error_and_no_session(client):
    User.objects.create_user(username="rita", password="hemmelig-passord-1")
    response = client.post(reverse("login"), {"username": "rita", "password": "feil"})
    assert response.status_code == 200
    assert "Vennligst oppgi korrekt" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_english_can_be_switched_on(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()


def test_each_role_sees_its_own_menu(client):
    from tests.factories import AdvisorFactory, ClientUserFactory, IssuerFactory

    def menu(user):
        client.force_login(user)
        html = client.get(reverse("certificates:register")).content.decode()
        return html[html.index("<nav") : html.index("</nav>")]

    advisor_menu = menu(AdvisorFactory())
    assert "Portefølje" in advisor_menu and "Til gjennomgang" in advisor_menu
    assert "Utstedelse" not in advisor_menu and "Min side" not in advisor_menu

    issuer_menu = menu(IssuerFactory())
    assert "Utstedelse" in issuer_menu and "Oversikt" in issuer_menu

    client_menu = menu(ClientUserFactory())
    assert "Min side" in client_menu
    assert "Portefølje" not in client_menu and "Utstedelse" not in client_menu
