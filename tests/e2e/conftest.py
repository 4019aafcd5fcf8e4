"""End-to-end tests in a real browser: Playwright for Python driving Debian's Chromium.

The application runs for real in pytest-django's ``live_server`` (a thread serving the
test database); the browser fills in the real forms, as a person would. Playwright's own
browser builds are never downloaded (``playwright install`` is not used): the browser is
Debian's ``chromium`` package at /usr/bin/chromium, which .ci/run and ``make test``
install. A missing browser fails the tests with what to install; it never skips them.

With ``E2E_SCREENSHOTS=1`` (``make screenshots``) pictures of the main pages are saved under
tests/e2e/screenshots/ (ignored by git); ``make test`` takes none.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the package's tests; each test opens its own contexts in it.

    Playwright's sync API runs an asyncio event loop in this thread for as long as it is
    started. Django's ORM refuses to run where an event loop is running (it raises
    SynchronousOnlyOperation), and the tests do make ORM calls in this thread: factories
    build the data, assertions read it back, and pytest-django flushes the database after
    every test. DJANGO_ALLOW_ASYNC_UNSAFE is Django's documented escape hatch for exactly
    this; nothing here is really asynchronous (the loop only drives the browser), so it is
    safe. It is set for the browser tests alone, while Playwright runs, and put back after.
    """
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium "
            "(make test installs it when run as root)"
        )
    from playwright.sync_api import sync_playwright

    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def site(live_server, settings):
    """The live server's address; certificates (and their QR codes) point to it."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def new_page(browser, site):
    """``new_page()`` opens a page in a fresh context: its own cookies, so its own login.

    Norwegian locale, as the users have (the interface follows Accept-Language).
    """
    contexts = []

    def open_page():
        context = browser.new_context(
            base_url=site,
            locale="nb-NO",
            timezone_id="Europe/Oslo",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
            # Bootstrap scrolls smoothly unless motion is reduced; an element still gliding
            # into view is not yet clickable, and every wait for it costs the suite time.
            reduced_motion="reduce",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
