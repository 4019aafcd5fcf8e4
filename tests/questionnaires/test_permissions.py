"""Role × own/other company for every staff and client page of a round.

Another company's round is a 404 for everyone (nobody learns that it exists); the
company's own client users run the round but never see the advisor's pages (403).
"""

import pytest
from django.urls import reverse

from questionnaires.models import Conversation
from tests.factories import AdvisorFactory, ClientUserFactory, MembershipFactory
from tests.questionnaires.conftest import CODE_SHAPE, answer, close

pytestmark = pytest.mark.django_db

RUN = "run"  # staff of the company and its client users
ADVISE = "advise"  # staff of the company only

PAGES = [
    ("questionnaires:detail", "get", RUN),
    ("questionnaires:links", "get", RUN),
    ("questionnaires:slips", "get", ADVISE),
    ("questionnaires:rate", "get", RUN),
    ("questionnaires:export", "get", RUN),
    ("questionnaires:close", "post", RUN),
    ("questionnaires:conversation_create", "get", ADVISE),
    ("questionnaires:report_create", "post", ADVISE),
    ("questionnaires:report_review", "post", ADVISE),
]


@pytest.fixture
def rounds(world, make_round):
    own = make_round()
    other = make_round(company=world["other"])
    for round_ in (own, other):
        answer(round_, 5)
        close(round_)
    return own, other


def users(world):
    other_member = ClientUserFactory()
    MembershipFactory(user=other_member, company=world["other"])
    return {
        "advisor": world["advisor"],
        "issuer": world["issuer"],
        "member": world["member"],
        "other_advisor": AdvisorFactory(),
        "other_company_advisor": world["other"].advisor,
        "other_member": other_member,
    }


def expected(role, level, method):
    ok = 302 if method == "post" else 200
    if role in ("advisor", "issuer"):
        return ok
    if role == "member":
        return ok if level == RUN else 403
    return 404


@pytest.mark.parametrize(("name", "method", "level"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize(
    "role",
    ["advisor", "issuer", "member", "other_advisor", "other_company_advisor", "other_member"],
)
def test_round_pages_by_role_and_company(client, world, rounds, name, method, level, role):
    own, _other = rounds
    user = users(world)[role]
    url = reverse(name, args=[own.pk])
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/logg-inn/" in response["Location"]
    client.force_login(user)
    response = getattr(client, method)(url)
    assert response.status_code == expected(role, level, method), (role, name)


@pytest.mark.parametrize("role", ["advisor", "member", "other_advisor", "other_member"])
def test_proposal_and_conversation_post_by_role(client, world, rounds, role):
    own, _other = rounds
    client.force_login(users(world)[role])
    response = client.post(
        reverse("questionnaires:conversation_create", args=[own.pk]),
        {
            "kind": "group",
            "held_on": own.opened_on.isoformat(),
            "participants": 5,
            "led_by": "Rådgiver",
            "summary": "Samtale om arbeidsmengde.",
        },
    )
    assert response.status_code == {"advisor": 302, "member": 403}.get(role, 404)
    assert Conversation.objects.count() == (1 if role == "advisor" else 0)


@pytest.mark.parametrize(
    ("role", "status"),
    [("advisor", 200), ("member", 200), ("other_company_advisor", 404), ("other_member", 404)],
)
def test_starting_a_round_from_the_case_page_or_min_side(client, world, role, status):
    client.force_login(users(world)[role])
    response = client.get(reverse("questionnaires:start", args=[world["company"].pk]))
    assert response.status_code == status


def test_a_client_starts_a_round_from_min_side(client, world):
    client.force_login(world["member"])
    page = client.get(reverse("portal:dashboard")).content.decode()
    start = reverse("questionnaires:start", args=[world["company"].pk])
    assert start in page
    response = client.post(
        start, {"employee_count": 12, "closes_on": "2099-01-01", "groups": "Lager: 5\nKontor: 6"}
    )
    round_ = world["company"].questionnaire_rounds.get()
    assert response["Location"] == reverse("questionnaires:links", args=[round_.pk])
    assert [g.size for g in round_.groups.all()] == [5, 6]
    links = client.get(response["Location"]).content.decode()
    assert (
        "Send lenkene" in links and "Lager (5 igjen)" in links and "Ingen gruppe (1 igjen)" in links
    )
    assert not CODE_SHAPE.search(links) and not round_.codes.exists()
    survey = round_.survey
    assert survey.kind == "psychosocial"
    assert survey.history.get().history_user == world["member"]  # the audit trail
