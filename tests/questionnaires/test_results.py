"""Results only where enough answered: the page, the export and the report alike."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from questionnaires import services
from questionnaires.selectors import min_answers, round_results
from tests.questionnaires.conftest import answer

pytestmark = pytest.mark.django_db

HIDDEN = "For få svar til å vise resultater."


def test_four_answers_are_refused_by_the_view_the_export_and_the_report(client, world, make_round):
    round_ = make_round(groups=())
    answer(round_, 4, score=2, free_text="Hemmelig tekst")
    client.force_login(world["advisor"])
    page = client.get(reverse("questionnaires:detail", args=[round_.pk])).content.decode()
    assert HIDDEN in page
    assert "4 av 12 har svart (33 %)" in page
    assert "Hemmelig tekst" not in page and 'class="theme-row' not in page
    export = client.get(reverse("questionnaires:export", args=[round_.pk]))
    assert export.status_code == 403
    assert HIDDEN in export.content.decode()
    with pytest.raises(ValidationError, match="For få svar"):
        services.report_create(round_=round_, actor=world["advisor"])
    response = client.post(reverse("questionnaires:report_create", args=[round_.pk]))
    assert response.status_code == 302
    round_.refresh_from_db()
    assert not round_.report
    assert round_results(round_).themes == []


def test_the_fifth_answer_shows_results_but_a_group_of_three_stays_hidden(
    client, world, make_round
):
    round_ = make_round(groups=(("Lager", 3),))
    answer(round_, 3, group="Lager", score=2)
    answer(round_, 2, group="", score=5, free_text="Godt miljø")
    client.force_login(world["advisor"])
    page = client.get(reverse("questionnaires:detail", args=[round_.pk])).content.decode()
    assert "5 av 12 har svart (42 %)" in page
    assert page.count('class="theme-row') == 8  # the company's themes only
    assert "Lager: 3 / 3" in page
    assert 'class="group-hidden text-muted">For få svar' in page
    assert "Godt miljø" in page  # free text: the advisor, above the threshold
    export = client.get(reverse("questionnaires:export", args=[round_.pk])).content.decode()
    assert export.splitlines()[0].startswith("tema;snitt;endring")
    assert len(export.splitlines()) == 9


def test_free_text_is_never_shown_to_the_client(client, world, make_round):
    round_ = make_round(groups=())
    answer(round_, 5, free_text="Godt miljø")
    client.force_login(world["member"])
    page = client.get(reverse("questionnaires:detail", args=[round_.pk])).content.decode()
    assert 'class="theme-row' in page
    assert "Godt miljø" not in page


def test_themes_below_the_threshold_are_flagged_and_propose_an_item(client, world, make_round):
    round_ = make_round(groups=())
    answer(round_, 5, score=4, low_themes=("bullying",))
    results = round_results(round_)
    assert [t.theme.key for t in results.flagged] == ["bullying"]
    bullying = results.flagged[0]
    assert bullying.mean == 1.0 and bullying.distribution == [15, 0, 0, 0, 0]
    client.force_login(world["advisor"])
    url = reverse("questionnaires:proposal", args=[round_.pk, "bullying"])
    form = client.get(url).context["form"]
    assert "Mobbing og trakassering: snitt 1,0" in form.initial["description"]
    response = client.post(
        url,
        {**form.initial, "due_date": "2099-01-31", "responsible": "Daglig leder"},
    )
    assert response.status_code == 302
    item = round_.survey.action_items.get()
    assert item.finding.survey == round_.survey and item.area == "psychosocial"
    # A theme that is not flagged proposes nothing.
    assert (
        client.get(reverse("questionnaires:proposal", args=[round_.pk, "role"])).status_code == 404
    )


def test_change_from_the_previous_round_of_the_company(world, make_round):
    first = make_round(groups=())
    answer(first, 5, score=2)
    second = make_round(groups=())
    answer(second, 5, score=4)
    results = round_results(second)
    assert {t.change for t in results.themes} == {2.0}
    assert all(t.change is None for t in round_results(first).themes)


def test_the_threshold_never_goes_below_three(settings):
    settings.QUESTIONNAIRE_MIN_ANSWERS = 1
    assert min_answers() == 3
    settings.QUESTIONNAIRE_MIN_ANSWERS = 7
    assert min_answers() == 7


def test_no_group_is_shown_when_subtraction_would_reveal_a_small_one(world, make_round):
    """Groups of 6 and 3 with nobody else: the company minus the 6 would be the 3."""
    round_ = make_round(groups=(("Verksted", 6), ("Lager", 3)), employee_count=9)
    answer(round_, 6, group="Verksted", score=4)
    answer(round_, 3, group="Lager", score=2)
    results = round_results(round_)
    assert results.visible
    assert [(g.name, g.visible, g.themes) for g in results.groups] == [
        ("Verksted", True, []),
        ("Lager", False, []),
    ]


def test_a_large_enough_group_is_shown_beside_the_company(world, make_round):
    round_ = make_round(groups=(("Verksted", 6),), employee_count=12)
    answer(round_, 6, group="Verksted", score=4)
    answer(round_, 5, group="", score=2)
    (verksted,) = round_results(round_).groups
    assert verksted.visible and len(verksted.themes) == 8


def test_the_response_rate_is_served_for_the_page_to_follow(client, world, make_round):
    round_ = make_round(groups=())
    answer(round_, 3)
    client.force_login(world["member"])
    data = client.get(reverse("questionnaires:rate", args=[round_.pk])).json()
    assert data == {"answered": 3, "rate": 25, "text": "3 av 12 har svart (25 %)"}
    page = client.get(reverse("questionnaires:detail", args=[round_.pk])).content.decode()
    assert reverse("questionnaires:rate", args=[round_.pk]) in page
