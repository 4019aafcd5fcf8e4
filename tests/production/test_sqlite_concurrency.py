"""A double click on ``make run`` (SQLite) behaves as on PostgreSQL: one wins, no 503.

The suite's own SQLite database is in memory; the race runs in a subprocess on a file
database with the settings ``make run`` uses (tests/production/sqlite_race.py).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLICKS = 4  # tests/production/sqlite_race.py


def test_sqlite_is_configured_for_concurrent_writers():
    env = {**os.environ, "DATABASE_URL": "sqlite:///x.sqlite3", "SECRET_KEY": "test-only-secret"}
    code = "from hms_cert import settings as s; print(s.DATABASES['default']['OPTIONS'])"
    options = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "'transaction_mode': 'IMMEDIATE'" in options
    assert "'timeout': 20" in options
    assert "journal_mode=WAL" in options


def test_parallel_posts_on_a_sqlite_file_get_no_503(tmp_path, migrated_template):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.pop("PYTEST_CURRENT_TEST", None)
    if migrated_template:  # a copy to start from; the race migrates it all the same
        env["HMS_TEST_DB_TEMPLATE"] = str(migrated_template)
    run = subprocess.run(
        [sys.executable, "-m", "tests.production.sqlite_race", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])

    for kind in ("issue", "revoke", "accept"):
        assert len(result[kind]) == CLICKS, (kind, result[kind])  # every click was answered
        assert all(status < 500 for status in result[kind]), (kind, result[kind])
    assert result["issue"].count(302) >= 1
    assert result["certificates_of_case"] == 1  # one click issued, the others did not
    assert result["revoked"] == 1
    assert result["users_named_nina"] == 1  # the invitation was used once
