"""The Mozilla Observatory's header grade, worked out offline on the production settings.

``python -m bench.observatory`` (run with the production environment: DEBUG off, HTTPS on)
asks Django's test client for a public page, the login page and a logged-in page over
HTTPS, and scores their headers and cookies the way the Observatory (v2) does: 100 points,
minus a penalty per test failed, plus a bonus per test passed well, where bonuses count
only from 90 points up. It prints one line per test and the grade, and exits 1 below A+.

What it cannot see offline: whether the host is on the HSTS preload list (a bonus, not
counted here) and the plain-HTTP redirect as a browser meets it from outside (checked here
as Django's own redirect to https on the same host).
"""

from __future__ import annotations

import os
import secrets
import sys
from dataclasses import dataclass
from http.cookies import Morsel

GRADES = ((100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"), (60, "C+"))
SIX_MONTHS = 15_768_000
PRIVATE_REFERRERS = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


@dataclass(frozen=True)
class Result:
    test: str
    passed: bool
    points: int  # the penalty (< 0) or bonus (> 0) this outcome gives
    note: str


def directives(policy: str) -> dict[str, list[str]]:
    return {
        name.lower(): values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def score_csp(policy: str) -> Result:
    if not policy:
        return Result("content-security-policy", False, -25, "no policy")
    csp = directives(policy)
    script = csp.get("script-src", csp.get("default-src", []))
    style = csp.get("style-src", csp.get("default-src", []))
    if "'unsafe-inline'" in script or "'unsafe-eval'" in script:
        return Result("content-security-policy", False, -20, "unsafe script-src")
    if csp.get("default-src") is None and "script-src" not in csp:
        return Result("content-security-policy", False, -25, "no default-src nor script-src")
    if "'unsafe-inline'" in style:
        return Result("content-security-policy", True, 0, "unsafe-inline in style-src")
    if csp.get("default-src") == ["'none'"]:
        return Result("content-security-policy", True, 10, "default-src 'none', nothing unsafe")
    return Result("content-security-policy", True, 0, "nothing unsafe")


def score_cookies(cookies: list[Morsel], session_names: set[str]) -> Result:
    if not cookies:
        return Result("cookies", True, 0, "no cookies")
    for cookie in cookies:
        if not cookie["secure"]:
            points = -40 if cookie.key in session_names else -20
            return Result("cookies", False, points, f"{cookie.key} without Secure")
        if cookie.key in session_names and not cookie["httponly"]:
            return Result("cookies", False, -30, f"{cookie.key} readable by script")
    if all(cookie["samesite"] for cookie in cookies):
        names = ", ".join(sorted(cookie.key for cookie in cookies))
        return Result("cookies", True, 5, f"Secure, HttpOnly sessions, SameSite ({names})")
    return Result("cookies", True, 0, "Secure, HttpOnly sessions, no SameSite")


def score_hsts(value: str) -> Result:
    if not value:
        return Result("strict-transport-security", False, -20, "missing")
    parts = {p.strip().split("=")[0].lower(): p.strip() for p in value.split(";") if p.strip()}
    max_age = int(parts.get("max-age", "max-age=0").split("=")[1])
    if max_age < SIX_MONTHS:
        return Result("strict-transport-security", False, -10, f"max-age={max_age}")
    return Result("strict-transport-security", True, 0, value)


def score_referrer(value: str) -> Result:
    if value.lower() in PRIVATE_REFERRERS:
        return Result("referrer-policy", True, 5, value)
    if not value:
        return Result("referrer-policy", True, 0, "missing (the browser's default)")
    return Result("referrer-policy", False, -5, value)


def score_nosniff(value: str) -> Result:
    passed = value.lower() == "nosniff"
    return Result("x-content-type-options", passed, 0 if passed else -5, value or "missing")


def score_framing(policy: str, x_frame_options: str) -> Result:
    ancestors = directives(policy).get("frame-ancestors")
    if ancestors in (["'none'"], ["'self'"]):
        return Result("x-frame-options", True, 5, f"frame-ancestors {' '.join(ancestors)}")
    if x_frame_options.upper() in ("DENY", "SAMEORIGIN"):
        return Result("x-frame-options", True, 0, x_frame_options)
    return Result("x-frame-options", False, -20, "missing")


def score_redirect(response) -> Result:
    location = response.get("Location", "")
    if response.status_code in (301, 302, 307, 308) and location.startswith("https://"):
        return Result("redirection", True, 0, f"{response.status_code} to {location}")
    return Result("redirection", False, -20, f"{response.status_code} {location}")


def grade(score: int) -> str:
    for floor, letter in GRADES:
        if score >= floor:
            return letter
    return "F"


def total(results: list[Result]) -> int:
    """The Observatory's sum: penalties first; bonuses only once at least 90 remain."""
    score = 100 + sum(r.points for r in results if r.points < 0)
    if score >= 90:
        score += sum(r.points for r in results if r.points > 0)
    return score


def measure() -> list[Result]:
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import User

    setup_test_environment()  # Client needs it; it changes nothing the headers depend on
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "testserver"
    client = Client(HTTP_HOST=host)
    plain = client.get("/", secure=False)
    public = client.get("/", secure=True)
    login = client.get("/logg-inn/", secure=True)
    password = secrets.token_urlsafe(18) + "-Aa1"
    User.objects.create_user("observatory", password=password, role=User.Role.ISSUER)
    # Through the login form, so the cookies are the ones the server sets (force_login
    # would set its own, without the flags under test).
    logged_in = client.post(
        "/logg-inn/", {"username": "observatory", "password": password}, secure=True
    )
    private = client.get("/oversikt/", secure=True)
    sessions = {settings.SESSION_COOKIE_NAME}
    cookies = list(login.cookies.values()) + list(logged_in.cookies.values())
    if settings.SESSION_COOKIE_NAME not in logged_in.cookies:
        raise SystemExit(f"the login did not set a session cookie: {logged_in.status_code}")
    results = [score_redirect(plain)]
    for response in (public, login, private):
        policy = response.get("Content-Security-Policy", "")
        results += [
            score_csp(policy),
            score_hsts(response.get("Strict-Transport-Security", "")),
            score_referrer(response.get("Referrer-Policy", "")),
            score_nosniff(response.get("X-Content-Type-Options", "")),
            score_framing(policy, response.get("X-Frame-Options", "")),
        ]
    results.append(score_cookies(cookies, sessions))
    return _worst_per_test(results)


def _worst_per_test(results: list[Result]) -> list[Result]:
    """Each test once, scored by the worst of the pages (the Observatory reads one page)."""
    worst: dict[str, Result] = {}
    for result in results:
        if result.test not in worst or result.points < worst[result.test].points:
            worst[result.test] = result
    return list(worst.values())


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hms_cert.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    # Static files are served by whitenoise with their own headers; the pages only need
    # their names, so the manifest (and a collectstatic run) is not needed here.
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}):
        results = measure()
    for r in results:
        mark = "pass" if r.passed else "FAIL"
        print(f"observatory: {r.test:<26} {mark} {r.points:+d}  {r.note}")
    score = total(results)
    print(f"observatory: score {score}, grade {grade(score)}")
    return 0 if grade(score) == "A+" else 1


if __name__ == "__main__":
    sys.exit(main())
