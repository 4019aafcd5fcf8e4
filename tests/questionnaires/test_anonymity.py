"""Nothing stored or shown lets anyone tell who answered what (questionnaires/ANONYMITY.md)."""

import io
import logging
import re

import pytest
from django.contrib import admin
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from questionnaires import codes, services
from questionnaires.models import Answer, AnswerCode, Group, Round, SpentCode
from tests.questionnaires.conftest import CODE_SHAPE, answer, close, issue, values_scoring

pytestmark = pytest.mark.django_db

INVALID = "Koden er ugyldig, allerede brukt, eller undersøkelsen er stengt."


def respond(client, code, *, language="nb"):
    form = {"step": "answer", "code": code, "language": language, "free_text": ""}
    form.update({f"q_{k}": v for k, v in values_scoring(4).items()})
    return client.post(reverse("questionnaires:respond"), form)


# Promise 1: nobody at the company can answer in an employee's place.


def test_a_company_user_cannot_obtain_a_usable_code(client, world, make_round):
    """The attack of issue 29: read the codes as the company, answer with the unused ones."""
    round_ = make_round(actor=world["member"])
    client.force_login(world["member"])
    pages = [
        client.get(reverse("questionnaires:detail", args=[round_.pk])),
        client.get(reverse("questionnaires:links", args=[round_.pk])),
        client.get(reverse("questionnaires:rate", args=[round_.pk])),
    ]
    assert all(page.status_code == 200 for page in pages)
    assert not any(CODE_SHAPE.search(page.content.decode()) for page in pages)
    # The printed sheet is the advisor's: the company gets a refusal, and no code.
    slips = reverse("questionnaires:slips", args=[round_.pk])
    assert client.get(slips).status_code == 403
    assert client.post(slips, {"count": 3}).status_code == 403
    assert not AnswerCode.objects.exists()
    with pytest.raises(PermissionDenied):
        services.slips_print(round_=round_, actor=world["member"], count=1)
    # E-mailing links to the company's own address gives it a link by mail, never on a page.
    sent = client.post(
        reverse("questionnaires:links", args=[round_.pk]),
        {"addresses": "ola@fjordlys.no\nkari@fjordlys.no", "group": ""},
        follow=True,
    )
    assert "2 lenker er sendt" in sent.content.decode()
    assert not CODE_SHAPE.search(sent.content.decode())
    assert len(mail.outbox) == 2 and mail.outbox[0].to == ["ola@fjordlys.no"]


def test_codes_never_outnumber_the_employees(client, world, make_round):
    """Made-up answers cannot lift a round to the threshold: one code per employee."""
    round_ = make_round(groups=(("Lager", 5),), employee_count=7)
    issue(round_, 5, group="Lager")
    with pytest.raises(Exception, match="bare 0 koder igjen for Lager"):
        issue(round_, 1, group="Lager")
    issue(round_, 2)  # the two in no group
    with pytest.raises(Exception, match="bare 0 koder igjen"):
        issue(round_, 1)
    client.force_login(world["member"])
    response = client.post(
        reverse("questionnaires:links", args=[round_.pk]),
        {"addresses": "ny@fjordlys.no", "group": ""},
    )
    assert "Det er bare 0 koder igjen" in response.content.decode()
    assert response.context["form"]["addresses"].value() == "ny@fjordlys.no"  # nothing lost
    assert AnswerCode.objects.filter(round=round_).count() == 7
    assert len(mail.outbox) == 0


def test_e_mailed_links_leave_no_code_or_address_behind(client, world, make_round, caplog):
    round_ = make_round(groups=())
    addresses = [f"ansatt{n}@fjordlys.no" for n in range(5)]
    client.force_login(world["member"])
    with caplog.at_level(logging.DEBUG):
        client.post(
            reverse("questionnaires:links", args=[round_.pk]),
            {"addresses": ", ".join(addresses), "group": ""},
        )
    assert sorted(m.to[0] for m in mail.outbox) == addresses
    sent = [CODE_SHAPE.search(m.body).group() for m in mail.outbox]
    assert len(set(sent)) == 5
    for message, code in zip(mail.outbox, sent, strict=True):
        assert f"/svar/#{code}" in message.body  # in the fragment: no server ever gets it
        assert "English" in message.body  # one e-mail in both languages
    for code in sent:
        assert respond(client, code).status_code == 200
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    stored = dump.getvalue() + " ".join(r.getMessage() for r in caplog.records)
    for secret in sent + [c.replace("-", "") for c in sent] + addresses:
        assert secret not in stored
    round_.refresh_from_db()
    assert round_.links_sent == 5  # the audit trail counts, and names no one
    assert round_.history.first().history_user == world["member"]


def test_a_refused_address_gets_no_code_and_comes_back_to_be_corrected(
    client, world, make_round, settings
):
    settings.EMAIL_BACKEND = "tests.questionnaires.test_anonymity.RefusingBackend"
    round_ = make_round(groups=())
    client.force_login(world["member"])
    response = client.post(
        reverse("questionnaires:links", args=[round_.pk]),
        {"addresses": "ok@fjordlys.no\nfeil@fjordlys.no", "group": ""},
        follow=True,
    )
    page = response.content.decode()
    assert "1 lenke er sendt" in page
    assert "E-posten kunne ikke sendes til disse adressene" in page
    assert response.context["form"]["addresses"].value() == "feil@fjordlys.no"
    assert AnswerCode.objects.filter(round=round_).count() == 1
    round_.refresh_from_db()
    assert round_.links_sent == 1


class RefusingBackend(locmem.EmailBackend):
    """A mail server that refuses every address starting with "feil"."""

    def send_messages(self, messages):
        for message in messages:
            if message.to[0].startswith("feil"):
                raise OSError("550 mailbox unavailable")
        return super().send_messages(messages)


def test_invalid_addresses_are_named_and_nothing_is_sent(client, world, make_round):
    round_ = make_round(groups=())
    client.force_login(world["member"])
    response = client.post(
        reverse("questionnaires:links", args=[round_.pk]),
        {"addresses": "ola@fjordlys.no\nkari(at)fjordlys.no", "group": ""},
    )
    assert "Disse adressene er ikke gyldige: kari(at)fjordlys.no" in response.content.decode()
    assert not AnswerCode.objects.exists() and not mail.outbox


def test_a_group_smaller_than_the_threshold_cannot_be_made(client, world):
    client.force_login(world["member"])
    response = client.post(
        reverse("questionnaires:start", args=[world["company"].pk]),
        {"employee_count": 12, "closes_on": "2099-01-01", "groups": "Ledelse: 1\nLager: 6"},
    )
    assert "En gruppe må ha minst 5 personer" in response.content.decode()
    assert "Ledelse: 1" in response.content.decode()  # what was typed stays
    assert not Round.objects.exists()


# Promise 3: a copy of the database cannot pair an answer with a code or a person.


def test_the_answer_table_has_only_round_group_and_the_answers():
    columns = {f.column: f for f in Answer._meta.concrete_fields}
    assert set(columns) == {"id", "round_id", "group_id", "values", "free_text"}
    relations = {f.related_model for f in Answer._meta.concrete_fields if f.is_relation}
    assert relations == {Round, Group}
    with connection.cursor() as cursor:
        described = connection.introspection.get_table_description(cursor, Answer._meta.db_table)
    assert {c.name for c in described} == set(columns)
    issued = {f.column for f in AnswerCode._meta.concrete_fields}
    assert issued == {"id", "round_id", "group_id", "code_hash"}  # no number, no "used"
    assert {f.column for f in SpentCode._meta.concrete_fields} == {"id", "round_id", "spent_hash"}
    # No history either: a history row would carry an exact time and the change's author.
    for model in (Answer, AnswerCode, SpentCode):
        assert not hasattr(model, "history")


def test_using_a_code_changes_nothing_of_the_issued_code(make_round):
    round_ = make_round()
    issue(round_, 3)
    issued_before = list(AnswerCode.objects.order_by("pk").values())
    (code,) = answer(round_, 1, group="Lager", free_text="Bra")
    after = [r for r in AnswerCode.objects.order_by("pk").values() if r in issued_before]
    assert after == issued_before  # the three earlier codes are as they were
    row = Answer.objects.values().get()
    assert set(row) == {"id", "round_id", "group_id", "values", "free_text"}
    stored = repr(row) + repr(list(SpentCode.objects.values()))
    assert code not in stored and codes.normalise(code) not in stored
    assert codes.code_hash(code) not in stored


# Promise 4: codes are strong and forgiving.


def test_a_code_is_80_bits_of_crockford_base32_stored_as_a_keyed_hash(make_round, settings):
    made = {codes.new_code() for _i in range(200)}
    assert len(made) == 200
    for code in made:
        assert CODE_SHAPE.fullmatch(code)
        assert len(codes.normalise(code)) == 16  # 16 × 5 bits
        assert not set(codes.normalise(code)) & set("ILOU")
    code = next(iter(made))
    before = codes.code_hash(code)
    settings.QUESTIONNAIRE_CODE_KEY = "en annen nøkkel"
    assert codes.code_hash(code) != before  # keyed: no table of guesses without the key
    assert codes.spent_hash(code) != codes.code_hash(code)


def test_a_code_typed_with_look_alikes_spaces_and_lower_case_is_accepted(
    client, make_round, monkeypatch
):
    round_ = make_round(groups=())
    monkeypatch.setattr(codes, "new_code", lambda: "F5B7-0ZHS-7Z1K-QM0A")
    assert issue(round_, 1) == ["F5B7-0ZHS-7Z1K-QM0A"]
    typed = "f5b7 ozhs 7zlk-qmOa"  # lower case, spaces, O for 0, l for 1
    page = client.post(
        reverse("questionnaires:respond"), {"step": "code", "code": typed, "language": "nb"}
    )
    assert "q_demands_time" in page.content.decode()
    assert "Takk for svarene" in respond(client, f"  {typed.upper()}  ").content.decode()
    assert Answer.objects.count() == 1


def test_a_made_up_code_and_a_used_code_are_refused_alike(client, make_round):
    """Same queries (one per table, whatever the code) and the same page."""
    round_ = make_round(groups=())
    (used,) = answer(round_, 1)
    made_up = codes.new_code()
    pages, queries = [], []
    for code in (made_up, used):
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                reverse("questionnaires:respond"), {"step": "code", "code": code, "language": "nb"}
            )
        html = response.content.decode().replace(code, "KODE")
        pages.append(re.sub(r'(csrfmiddlewaretoken" value|nonce)="[^"]*"', "", html))
        queries.append([q["sql"].split(" WHERE ")[0] for q in captured.captured_queries])
    assert INVALID in pages[0]
    assert pages[0] == pages[1]
    assert queries[0] == queries[1]
    assert len(queries[0]) == 2


def test_a_used_code_cannot_answer_again(make_round, client):
    round_ = make_round()
    (code,) = answer(round_, 1)
    with pytest.raises(Exception, match="allerede brukt"):
        services.answer_submit(code=code, values=values_scoring(3), free_text="")
    response = client.post(reverse("questionnaires:respond"), {"code": code, "language": "nb"})
    assert INVALID in response.content.decode()
    assert Answer.objects.count() == 1


def test_a_closed_round_takes_no_answers(make_round, world):
    round_ = make_round()
    code = issue(round_, 1)[0]
    close(round_)
    with pytest.raises(Exception, match="stengt"):
        services.answer_submit(code=code, values=values_scoring(3), free_text="")


def test_answers_cannot_be_seen_in_the_admin():
    registered = set(admin.site._registry)
    assert not registered & {Answer, AnswerCode, SpentCode}


# Promise 5: a respondent's browser shows no one else's answers.


def test_the_respondent_pages_are_never_stored(client, make_round):
    round_ = make_round(groups=())
    code = issue(round_, 1)[0]
    url = reverse("questionnaires:respond")
    form_page = client.post(url, {"step": "code", "code": code, "language": "nb"})
    done = respond(client, code)
    for response in (client.get(url), form_page, done):
        assert "no-store" in response["Cache-Control"]
    assert 'autocomplete="off"' in form_page.content.decode()


def test_the_request_log_never_records_a_code(make_round, client, caplog):
    round_ = make_round()
    code = issue(round_, 1)[0]
    url = reverse("questionnaires:respond")
    with caplog.at_level(logging.INFO, logger="hms.request"):
        client.get(url)
        page = client.post(url, {"step": "code", "code": code, "language": "nb"})
        done = respond(client, code)
    assert "q_demands_time" in page.content.decode()
    assert "Takk for svarene" in done.content.decode()
    paths = [r.fields["path"] for r in caplog.records if r.name == "hms.request"]
    assert paths == [url, url, url]
    logged = " ".join(r.getMessage() + repr(getattr(r, "fields", "")) for r in caplog.records)
    assert code not in logged and codes.normalise(code) not in logged
    assert Answer.objects.count() == 1


def test_a_code_in_the_query_string_is_not_taken(make_round, client):
    """Codes travel only by POST: a GET never fills one in or starts the questionnaire."""
    round_ = make_round()
    code = issue(round_, 1)[0]
    response = client.get(reverse("questionnaires:respond"), {"code": code})
    assert response.context["form"]["code"].value() is None
    assert "q_demands_time" not in response.content.decode()


def test_closing_forgets_the_codes_and_the_order_of_the_answers(make_round):
    round_ = make_round(groups=())
    answer(round_, 3, score=2, free_text="første")
    answer(round_, 3, score=5, free_text="siste")
    ids_before = set(Answer.objects.values_list("pk", flat=True))
    content = sorted((a.free_text, a.values["demands_time"]) for a in Answer.objects.all())
    close(round_)
    assert not AnswerCode.objects.exists() and not SpentCode.objects.exists()
    after = list(Answer.objects.order_by("pk"))
    assert sorted((a.free_text, a.values["demands_time"]) for a in after) == content
    assert not ids_before & {a.pk for a in after}  # every answer written anew


def test_an_unreachable_mail_server_issues_no_code(client, world, make_round, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    round_ = make_round(groups=())
    client.force_login(world["member"])
    response = client.post(
        reverse("questionnaires:links", args=[round_.pk]),
        {"addresses": "ola@fjordlys.no", "group": ""},
    )
    assert "E-posten kunne ikke sendes til disse adressene" in response.content.decode()
    assert response.context["form"]["addresses"].value() == "ola@fjordlys.no"
    assert not AnswerCode.objects.exists()
