"""Every fieldwork view, for every role, on the own and on another company's inspection.

Another company's inspection, photo or report answers 404: nobody learns it exists.
"""

import pytest

from fieldwork import services
from fieldwork.models import Answer, Inspection, Kind, Photo
from tests.factories import ClientUserFactory, MembershipFactory
from tests.fieldwork.helpers import finished, items_of, jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(company, other_company, client_user, advisor, other_advisor, issuer):
    open_one = services.inspection_start(company=company, kind=Kind.PHYSICAL, actor=client_user)
    item = items_of(open_one)[0]
    answer = services.answer_save(
        inspection=open_one, item=item, actor=client_user, value="DEVIATION", photos=[jpeg()]
    )
    done = finished(company, advisor)
    other_client = MembershipFactory(company=other_company, user=ClientUserFactory()).user
    return {
        "open": open_one,
        "item": item,
        "answer": answer,
        "photo": Photo.objects.get(answer=answer),
        "done": done,
        "users": {
            "own client": client_user,
            "other client": other_client,
            "advisor": advisor,
            "other advisor": other_advisor,
            "issuer": issuer,
        },
    }


ALLOWED = {"own client", "advisor", "issuer"}


def requests(world, company):
    o, item, answer = world["open"], world["item"], world["answer"]
    plan = {
        f"d{answer.pk}-measure": "Fest ledningene",
        f"d{answer.pk}-responsible": "Kari",
        f"d{answer.pk}-due_date": "2026-12-20",
        f"d{answer.pk}-severity": "LOW",
    }
    return [
        ("start", "get", f"/virksomheter/{company.pk}/befaring/ny/", None, 200),
        (
            "start post",
            "post",
            f"/virksomheter/{company.pk}/befaring/ny/",
            {"kind": "physical"},
            302,
        ),
        ("walk", "get", f"/befaring/{o.pk}/", None, 200),
        (
            "answer",
            "post",
            f"/befaring/{o.pk}/punkt/{item.pk}/",
            {f"i{item.pk}-value": "DEVIATION"},
            302,
        ),
        ("plan", "get", f"/befaring/{o.pk}/tiltak/", None, 200),
        ("plan confirm", "post", f"/befaring/{o.pk}/tiltak/{answer.pk}/", plan, 302),
        ("finish", "post", f"/befaring/{o.pk}/fullfor/", {}, 302),
        ("report", "get", f"/befaring/{world['done'].pk}/rapport.pdf", None, 200),
        ("photo", "get", f"/befaring/bilde/{world['photo'].pk}/", None, 200),
        ("photo remove", "post", f"/befaring/bilde/{world['photo'].pk}/fjern/", {}, 302),
    ]


@pytest.mark.parametrize(
    "role", ["own client", "other client", "advisor", "other advisor", "issuer"]
)
def test_role_by_company_matrix(client, world, company, role):
    client.force_login(world["users"][role])
    wrong = []
    for name, method, url, data, success in requests(world, company):
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        expected = success if role in ALLOWED else 404
        if response.status_code != expected:
            wrong.append(f"{name}: {response.status_code} (expected {expected})")
    assert not wrong, wrong


def test_anonymous_is_sent_to_the_login(client, world, company):
    for name, method, url, data, _ in requests(world, company):
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/logg-inn/"), name


def test_nothing_changes_for_someone_of_another_company(client, world, company):
    client.force_login(world["users"]["other client"])
    for _name, method, url, data, _ in requests(world, company):
        getattr(client, method)(url, data) if data is not None else client.get(url)
    assert Inspection.objects.filter(company=company).count() == 2
    answer = Answer.objects.get(pk=world["answer"].pk)
    assert not answer.plan_confirmed
    assert Photo.objects.filter(pk=world["photo"].pk).exists()


def test_a_client_starts_as_external_and_staff_as_bedriftstjenesten(client, world, company):
    for role, provider in (("own client", "EXTERNAL"), ("advisor", "BEDRIFTSTJENESTEN")):
        client.force_login(world["users"][role])
        response = client.post(f"/virksomheter/{company.pk}/befaring/ny/", {"kind": "physical"})
        inspection = Inspection.objects.filter(company=company).order_by("-pk").first()
        assert response["Location"] == f"/befaring/{inspection.pk}/"
        assert inspection.provider == provider


def test_a_finished_inspection_cannot_be_changed(client, world, company):
    done = world["done"]
    client.force_login(world["users"]["advisor"])
    item = items_of(done)[0]
    response = client.post(
        f"/befaring/{done.pk}/punkt/{item.pk}/", {f"i{item.pk}-value": "DEVIATION"}, follow=True
    )
    assert "Kartleggingen er fullført og kan ikke endres." in response.content.decode()
    assert Answer.objects.get(inspection=done, item=item).value == "OK"
