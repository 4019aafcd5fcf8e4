"""The Observatory-equivalent header grade of the production settings (bench/observatory.py)."""

import os
import shutil
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path

from bench import observatory

ROOT = Path(__file__).resolve().parents[2]


def test_the_production_settings_grade_a_plus(tmp_path, migrated_template):
    if migrated_template:  # bench.observatory migrates it: nothing left to apply
        shutil.copyfile(migrated_template, tmp_path / "db.sqlite3")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hms_cert.settings",
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": "observatory-test-" + "k" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "ALLOWED_HOSTS": "hms.example.no",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "bench.observatory"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("observatory:")]
    assert result.returncode == 0, "\n".join(lines) + result.stderr[-2000:]
    assert lines[-1] == "observatory: score 115, grade A+"
    assert not [line for line in lines if " FAIL " in line]


def _cookie(text: str):
    return next(iter(SimpleCookie(text).values()))


def test_the_scoring_catches_what_would_lower_the_grade():
    csp = observatory.score_csp("default-src 'self'; script-src 'self' 'unsafe-inline'")
    assert (csp.passed, csp.points) == (False, -20)
    assert observatory.score_csp("").points == -25
    assert observatory.score_hsts("").points == -20
    assert observatory.score_hsts("max-age=300").points == -10
    assert observatory.score_referrer("unsafe-url").points == -5
    assert observatory.score_framing("default-src 'self'", "").points == -20
    insecure = observatory.score_cookies([_cookie("sessionid=x; HttpOnly")], {"sessionid"})
    assert insecure.points == -40
    scripted = observatory.score_cookies([_cookie("sessionid=x; Secure")], {"sessionid"})
    assert scripted.points == -30
    assert observatory.total([csp]) == 80
    assert observatory.grade(observatory.total([csp])) == "B+"


def test_bonuses_count_only_from_ninety_points():
    bonus = observatory.Result("referrer-policy", True, 5, "")
    penalty = observatory.Result("strict-transport-security", False, -20, "")
    assert observatory.total([bonus, penalty]) == 80
    assert observatory.total([bonus]) == 105
