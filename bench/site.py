"""``python -m bench.site OUT.json``: prepare the served site and count each page's queries.

Run by ``bench.server`` in a process of its own, with the environment ``make serve`` would
have (DATABASE_URL, DEBUG off, STATIC_ROOT, ...): migrate, collect the static files, build
the data set, open a session for the advisor, and count the queries of every
measured page in-process (``CaptureQueriesContext``, one warm-up request first) for a small
and a large subject, so a count that grows with the data shows, and once more with the
kept pages emptied (``built``: what the first view after a change reads). Writes what the load
generator needs as JSON.
"""

import json
import sys
import time


def _queries(client, url: str | dict, *, built: bool = False) -> int:
    """The page's queries when it is kept (warm), or ``built`` afresh, as after a change."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def send():
        if isinstance(url, str):
            return client.get(url)
        return client.generic(url["method"], url["path"], url["body"], "application/json")

    send()  # warm-up: caches (content types, templates) filled once
    if built:
        for alias in ("pages", "case_pages", "case_page"):
            caches[alias].clear()
    with CaptureQueriesContext(connection) as captured:
        response = send()
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return len(captured.captured_queries)


def _client_for(user_id: int):
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    return client


def _lookups(company_ids) -> list[dict]:
    """POSTs to the API's bulk lookup, 100 organisation numbers each (fewer if given fewer),
    certified and not, in turns over the data set."""
    from companies.models import Company

    numbers = list(
        Company.objects.filter(pk__in=list(company_ids)).values_list(
            "organisation_number", flat=True
        )
    )
    batches = [numbers[i : i + 100] for i in range(0, len(numbers), 100)] or [[]]
    return [
        {
            "method": "POST",
            "path": "/api/v1/lookup/",
            "body": json.dumps({"organisation_numbers": batch}),
        }
        for batch in batches
    ]


def measured_pages(built) -> dict:
    """The pages to load, their session cookies, and their query counts (small, large)."""
    from django.conf import settings
    from django.test import Client

    from certificates.models import Certificate

    advisor, small = _client_for(built.advisor_id), _client_for(built.small_advisor_id)
    anonymous = Client()
    one_company = Certificate.objects.get(verification_code=built.valid_codes[0]).company.name
    from companies.models import Company

    company_ids = Company.objects.order_by("pk").values_list("pk", flat=True)[:200]
    bare = [f"/bench/bare/{pk}/" for pk in company_ids]
    pages = {
        "bare view": bare,
        "portfolio": "/portefolje/",
        "portfolio, class filter": "/portefolje/?klasse=B",
        "case page": f"/saker/{built.typical_case_id}/",
        "register search": f"/register/?q={built.register_query}",
        "verification": [f"/verifiser/{code}/" for code in built.valid_codes[:200]],
        "API bulk lookup (100 numbers)": _lookups(company_ids),
    }
    # (small, large): the same page for a subject with little and with much data.
    queries = {
        "bare view": (_queries(anonymous, bare[0]), _queries(anonymous, bare[-1])),
        "portfolio": (
            _queries(small, pages["portfolio"]),
            _queries(advisor, pages["portfolio"]),
        ),
        "portfolio, class filter": (
            _queries(small, pages["portfolio, class filter"]),
            _queries(advisor, pages["portfolio, class filter"]),
        ),
        "case page": (
            _queries(advisor, f"/saker/{built.small_case_id}/"),
            _queries(advisor, f"/saker/{built.large_case_id}/"),
        ),
        "register search": (
            _queries(anonymous, f"/register/?q={one_company.replace(' ', '+')}"),
            _queries(anonymous, pages["register search"]),
        ),
        "verification": (
            _queries(anonymous, pages["verification"][0]),
            _queries(anonymous, pages["verification"][-1]),
        ),
        "API bulk lookup (100 numbers)": (
            _queries(anonymous, _lookups(company_ids[:1])[0]),
            _queries(anonymous, pages["API bulk lookup (100 numbers)"][0]),
        ),
    }
    built_afresh = {
        "portfolio": _queries(advisor, pages["portfolio"], built=True),
        "portfolio, class filter": _queries(advisor, pages["portfolio, class filter"], built=True),
        "case page": _queries(advisor, f"/saker/{built.large_case_id}/", built=True),
        "register search": _queries(anonymous, pages["register search"], built=True),
        "verification": _queries(anonymous, pages["verification"][-1], built=True),
    }
    session = (
        f"{settings.SESSION_COOKIE_NAME}={advisor.cookies[settings.SESSION_COOKIE_NAME].value}"
    )
    cookies = dict.fromkeys(("portfolio", "portfolio, class filter", "case page"), session)
    return {"pages": pages, "cookies": cookies, "queries": queries, "built": built_afresh}


def prepare() -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from bench import dataset

    seconds = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    seconds["migrate"] = time.perf_counter() - started
    started = time.perf_counter()
    call_command("collectstatic", verbosity=0, interactive=False, ignore_patterns=["admin/*"])
    seconds["collectstatic"] = time.perf_counter() - started
    started = time.perf_counter()
    built = dataset.build(today=timezone.localdate())
    seconds["dataset"] = time.perf_counter() - started
    return measured_pages(built) | {"counts": built.counts, "seconds": seconds}


if __name__ == "__main__":
    result = prepare()
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump(result, out, ensure_ascii=False)
