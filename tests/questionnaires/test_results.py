"""Results only where enough answered: the page, the export and the report alike."""

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from questionnaires import services
from questionnaires.models import Round
from questionnaires.selectors import min_answers, round_results
from tests.questionnaires.conftest import answer, close

pytestmark = pytest.mark.django_db

HIDDEN = "For få svar til å vise resultater."


def page_of(client, user, round_) -> str:
    client.force_login(user)
    return client.get(reverse("questionnaires:detail", args=[round_.pk])).content.decode()


def test_nothing_is_shown_while_the_round_is_open(client, world, make_round):
    """Differencing: with results live, the next CSV would differ by one person's scores."""
    round_ = make_round(groups=())
    answer(round_, 7, score=2, free_text="Hemmelig tekst")
    for user in (world["advisor"], world["member"]):
        page = page_of(client, user, round_)
        assert "Resultatene vises når undersøkelsen er stengt." in page
        assert 'class="theme-row' not in page and "Hemmelig tekst" not in page
        shown = re.search(r'id="response-rate"[^>]*>([^<]*)<', page).group(1)
        assert shown.strip() == "Minst 5 av 12 har svart."  # not the 7 that answered
        export = client.get(reverse("questionnaires:export", args=[round_.pk]))
        assert export.status_code == 403
    with pytest.raises(ValidationError, match="For få svar"):
        services.report_create(round_=round_, actor=world["advisor"])
    results = round_results(round_)
    assert (results.visible, results.answered, results.themes) == (False, None, [])
    close(round_)
    page = page_of(client, world["member"], round_)
    assert "7 av 12 har svart (58 %)" in page
    assert page.count('class="theme-row') == 8


def test_closing_with_four_answers_shows_nothing(client, world, make_round):
    round_ = make_round(groups=())
    answer(round_, 4, score=2, free_text="Hemmelig tekst")
    close(round_, world["member"])
    page = page_of(client, world["advisor"], round_)
    assert HIDDEN in page and "Færre enn 5 svarte." in page
    assert "4 av 12" not in page and "Hemmelig tekst" not in page
    assert 'class="theme-row' not in page
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


def test_a_group_below_the_threshold_shows_no_count(client, world, make_round):
    """ "Ledelse: 1 / 1" told everyone whether the one manager answered."""
    round_ = make_round(groups=(("Lager", 5), ("Kontor", 5)), employee_count=15)
    answer(round_, 5, group="Kontor", score=4)
    answer(round_, 1, group="Lager", score=2)
    answer(round_, 5, score=5)
    for user in (world["advisor"], world["member"]):
        open_page = page_of(client, user, round_)
        assert "Lager (5 ansatte)" in open_page and "Kontor (5 ansatte)" in open_page
        assert "svar</li>" not in open_page  # no group's count while open, large or small
    close(round_)
    page = page_of(client, world["member"], round_)
    assert "Kontor (5 ansatte): 5 svar" in page
    assert "Lager (5 ansatte)</li>" in page  # its name and size, never its count
    assert 'class="group-hidden text-muted">For få svar' in page
    (lager, kontor) = round_results(round_).groups
    assert (kontor.answered, lager.answered) == (5, None)
    assert lager.themes == []


def test_the_fifth_answer_shows_results_after_closing_and_the_free_text_to_the_advisor(
    client, world, make_round
):
    round_ = make_round(groups=(("Lager", 5),))
    answer(round_, 3, group="Lager", score=2)
    answer(round_, 2, score=5, free_text="Godt miljø")
    close(round_)
    page = page_of(client, world["advisor"], round_)
    assert "5 av 12 har svart (42 %)" in page
    assert page.count('class="theme-row') == 8  # the company's themes only
    assert 'class="group-hidden text-muted">For få svar' in page
    assert "Godt miljø" in page  # free text: the advisor, above the threshold
    export = client.get(reverse("questionnaires:export", args=[round_.pk])).content.decode()
    assert export.splitlines()[0].startswith("tema;snitt;endring")
    assert len(export.splitlines()) == 9
    assert "Godt miljø" not in export


def test_free_text_is_never_shown_to_the_client(client, world, make_round):
    round_ = make_round(groups=())
    answer(round_, 5, free_text="Godt miljø")
    close(round_)
    page = page_of(client, world["member"], round_)
    assert 'class="theme-row' in page
    assert "Godt miljø" not in page


def test_themes_below_the_threshold_are_flagged_and_propose_an_item(client, world, make_round):
    round_ = make_round(groups=())
    answer(round_, 5, score=4, low_themes=("bullying",))
    close(round_)
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
    close(first)
    second = make_round(groups=())
    answer(second, 5, score=4)
    close(second)
    results = round_results(second)
    assert {t.change for t in results.themes} == {2.0}
    assert all(t.change is None for t in round_results(first).themes)


def test_the_threshold_never_goes_below_five(settings):
    settings.QUESTIONNAIRE_MIN_ANSWERS = 3
    assert min_answers() == 5
    settings.QUESTIONNAIRE_MIN_ANSWERS = 7
    assert min_answers() == 7


def test_no_group_is_shown_when_subtraction_would_reveal_a_few(world, make_round):
    """Groups of 6 and 5, and 2 more: the company minus the two groups would be the 2."""
    round_ = make_round(groups=(("Verksted", 6), ("Lager", 5)), employee_count=13)
    answer(round_, 6, group="Verksted", score=4)
    answer(round_, 5, group="Lager", score=4)
    answer(round_, 2, score=1)
    close(round_)
    results = round_results(round_)
    assert results.visible and results.answered == 13
    assert [(g.name, g.answered, g.themes) for g in results.groups] == [
        ("Verksted", None, []),
        ("Lager", None, []),
    ]


def test_a_large_enough_group_is_shown_beside_the_company(world, make_round):
    round_ = make_round(groups=(("Verksted", 6),), employee_count=12)
    answer(round_, 6, group="Verksted", score=4)
    answer(round_, 5, score=2)
    close(round_)
    (verksted,) = round_results(round_).groups
    assert verksted.visible and len(verksted.themes) == 8 and verksted.answered == 6


@pytest.mark.parametrize(
    ("answered", "shown"),
    [
        (0, "Færre enn 5 har svart så langt."),
        (4, "Færre enn 5 har svart så langt."),
        (5, "Minst 5 av 12 har svart."),
        (9, "Minst 5 av 12 har svart."),
        (10, "Minst 10 av 12 har svart."),
    ],
)
def test_the_progress_moves_in_steps_of_five(client, world, make_round, answered, shown):
    round_ = make_round(groups=())
    answer(round_, answered)
    client.force_login(world["member"])
    data = client.get(reverse("questionnaires:rate", args=[round_.pk])).json()
    assert data == {"at_least": answered - answered % 5, "text": shown}
    page = client.get(reverse("questionnaires:detail", args=[round_.pk])).content.decode()
    assert reverse("questionnaires:rate", args=[round_.pk]) in page
    assert shown in page


def test_a_round_past_its_last_day_is_closed_by_the_hourly_job(world, make_round):
    round_ = make_round(groups=())
    answer(round_, 5)
    Round.objects.filter(pk=round_.pk).update(closes_on=timezone.localdate() - dt.timedelta(1))
    out = io.StringIO()
    call_command("close_questionnaire_rounds", stdout=out)
    assert "1 spørreundersøkelse(r) stengt." in out.getvalue()
    round_.refresh_from_db()
    assert round_.closed_on == round_.closes_on
    assert round_results(round_).answered == 5
    call_command("close_questionnaire_rounds", stdout=out)  # safe to repeat
    assert "0 spørreundersøkelse(r) stengt." in out.getvalue()
