"""The respondent's page: no login, bokmål or English, every question required."""

import pytest
from django.urls import reverse

from questionnaires.models import Answer, SpentCode
from tests.questionnaires.conftest import issue, values_scoring

pytestmark = pytest.mark.django_db


def test_the_respondent_answers_in_english_without_logging_in(client, make_round):
    round_ = make_round()
    (code,) = issue(round_, 1, group="Lager")
    url = reverse("questionnaires:respond")
    page = client.post(url, {"step": "code", "code": code.lower(), "language": "en"})
    html = page.content.decode()
    assert '<html lang="en">' in html
    assert "Job demands" in html and "I have enough time for my tasks." in html
    assert "Strongly agree" in html and "Krav i jobben" not in html
    form = {"step": "answer", "code": code.lower(), "language": "en", "free_text": "Fine"}
    form.update({f"q_{k}": v for k, v in values_scoring(4).items()})
    done = client.post(url, form).content.decode()
    assert "Thank you for your answers" in done
    answer = Answer.objects.get()
    assert answer.free_text == "Fine"
    assert answer.group.name == "Lager"


def test_an_unanswered_question_keeps_the_form_and_stores_nothing(client, make_round):
    round_ = make_round()
    (code,) = issue(round_, 1)
    form = {"step": "answer", "code": code, "language": "nb", "free_text": ""}
    form.update({f"q_{k}": v for k, v in values_scoring(4).items() if k != "role_goals"})
    response = client.post(reverse("questionnaires:respond"), form)
    assert list(response.context["form"].errors) == ["q_role_goals"]
    assert "is-invalid" in response.content.decode()
    assert Answer.objects.count() == 0
    assert not SpentCode.objects.exists()  # the code can still be used


def test_a_wrong_code_is_refused(client, make_round):
    make_round()
    page = client.post(
        reverse("questionnaires:respond"),
        {"step": "code", "code": "AAAA-BBBB-CCCC-DDDD", "language": "nb"},
    ).content.decode()
    assert "Koden er ugyldig" in page
