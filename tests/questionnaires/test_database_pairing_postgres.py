"""A copy of the PostgreSQL database cannot pair an answer with a code (ANONYMITY.md, 3).

Issue 29's attack: an answer and the code it used up were written in one transaction, so
they shared the row's ``xmin``, and ``… JOIN … ON a.xmin::text = c.xmin::text`` paired
every answer with its code's number. The system columns are PostgreSQL's; CI runs the
suite on PostgreSQL as well as on SQLite, and on SQLite this module has nothing to test.
Each service call commits on its own here (``transaction=True``), as in production.
"""

import pytest
from django.db import connection

from questionnaires.models import Answer
from tests.questionnaires.conftest import answer, close, issue

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="xmin, xmax and ctid are PostgreSQL's (run with DATABASE_URL)",
    ),
]

ATTACK = """
    SELECT a.id, c.id FROM questionnaires_answer a
    JOIN questionnaires_answercode c ON a.xmin::text = c.xmin::text
"""


def rows(sql: str, *params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_the_xmin_join_pairs_no_answer_with_an_issued_code(make_round):
    round_ = make_round(groups=(("Lager", 5),), employee_count=8)
    issue(round_, 3)  # three slips nobody uses
    answer(round_, 5, group="Lager", score=2)
    assert Answer.objects.count() == 5
    assert rows(ATTACK) == []
    # Nor the other system columns: no issued code was touched, locked or moved by an answer.
    assert rows("SELECT id FROM questionnaires_answercode WHERE xmax::text <> '0'") == []
    issued_in = rows("SELECT DISTINCT xmin::text FROM questionnaires_answercode")
    assert len(issued_in) == 2  # the two sendings, one transaction each, and nothing else


def test_a_spent_code_cannot_be_matched_to_its_issued_code(make_round):
    """The spent row shares the answer's xmin, and leads nowhere: its hash is another."""
    round_ = make_round(groups=())
    answer(round_, 5)
    pairs = rows(
        """SELECT a.id, s.spent_hash FROM questionnaires_answer a
           JOIN questionnaires_spentcode s ON a.xmin::text = s.xmin::text"""
    )
    assert len(pairs) == 5
    spent = {spent_hash for _answer, spent_hash in pairs}
    issued = {h for (h,) in rows("SELECT code_hash FROM questionnaires_answercode")}
    assert len(issued) == 5 and not spent & issued
    columns = rows(
        """SELECT column_name FROM information_schema.columns
           WHERE table_name = 'questionnaires_spentcode' ORDER BY column_name"""
    )
    assert columns == [("id",), ("round_id",), ("spent_hash",)]


def test_closing_rewrites_the_answers_in_one_transaction_and_forgets_the_codes(make_round):
    round_ = make_round(groups=())
    answer(round_, 3, score=2)
    answer(round_, 3, score=5)
    before = rows("SELECT count(DISTINCT xmin::text) FROM questionnaires_answer")
    assert before == [(6,)]  # while open, each answer has its own transaction
    close(round_)
    assert rows("SELECT count(DISTINCT xmin::text) FROM questionnaires_answer") == [(1,)]
    assert rows("SELECT count(*) FROM questionnaires_answercode") == [(0,)]
    assert rows("SELECT count(*) FROM questionnaires_spentcode") == [(0,)]
    assert rows(ATTACK) == []
