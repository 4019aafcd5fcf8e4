"""Pages rendered once for what they show: a cache keyed by the content, never stale.

The busiest public pages (verification, the register) spend most of their time in the
template, not in their one query. ``render_by_content`` renders a page once for each
distinct content and serves the same HTML again while the content is the same. The view
passes what the page shows (``content``: the rows or the answer it read, as plain values);
the key is a digest of that, the page's address, the language and the user the menu
shows. A changed certificate is a different key, so nothing is ever invalidated and
nothing can be served stale: the view still reads the database on every request.

What differs per request is put in after: the CSRF token is rendered as a marker and the
request's own (masked) token replaces it, so every response carries a token of its own and
the cookie is set as Django's ``{% csrf_token %}`` would set it. A request with messages
waiting is rendered normally (the messages are shown once).

A page whose data costs more than its rendering to read (the portfolio) passes a version
instead: a value read cheaply that changes whenever anything the page shows can change
(``staff.portfolio.portfolio_version``), and the context as a function, called
only when the page is not kept yet.

``render_fragment`` does the same for a part of a page that needs no request (a row of a
list), keyed by its template, the language and the content.

The cache is the ``pages`` alias (settings: one LocMem per process, bounded by
``PAGE_CACHE_ENTRIES``), or the alias the view names (the case page's 60-70 kB pages are
bounded apart, in ``case_pages``): each worker fills its own, which costs one render per
worker.
"""

import hashlib
import secrets
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

# Rendered where {% csrf_token %} puts the token; unguessable, so no content can carry it.
_CSRF_MARK = f"csrf{secrets.token_hex(16)}"


def _user_key(user) -> tuple:
    """What base.html and the menu show of the user: who, and which menu."""
    if not user.is_authenticated:
        return ()
    return (user.pk, user.display_name, user.role, user.is_staff, user.is_superuser)


def _key(request, template_name: str, content) -> str:
    parts = (
        template_name,
        request.get_full_path(),
        get_language(),
        _user_key(request.user),
        content,
    )
    return "page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def render_by_content(
    request,
    template_name: str,
    context: dict | Callable[[], dict],
    *,
    content,
    status: int = 200,
    using: str = "pages",
) -> HttpResponse:
    """``render(request, template_name, context)``, the HTML reused for equal ``content``.

    ``content`` must determine everything the template shows from ``context`` (a tuple of
    plain values, or a frozen dataclass of them: its ``repr`` is the key). ``context`` may
    be a function giving it, called only when the page must be rendered. ``using`` is the
    cache alias the page is kept in (a large page in a cache bounded for its size).
    """
    if len(get_messages(request)):
        return render(request, template_name, _built(context), status=status)
    pages = caches[using]
    key = _key(request, template_name, content)
    html = pages.get(key)
    if html is None:
        page_context = _built(context) | {"csrf_token": _CSRF_MARK}
        html = render_to_string(template_name, page_context, request)
        pages.set(key, html)
    if _CSRF_MARK in html:
        html = html.replace(_CSRF_MARK, get_token(request))
    return HttpResponse(html, status=status)


def _built(context: dict | Callable[[], dict]) -> dict:
    return context() if callable(context) else context


def render_fragment(template_name: str, context: dict, *, content) -> SafeString:
    """``template_name`` rendered with ``context`` (no request), reused for equal ``content``.

    ``content`` must determine everything the fragment shows, as for ``render_by_content``.
    """
    pages = caches["pages"]
    key = (
        "fragment:"
        + hashlib.sha256(repr((template_name, get_language(), content)).encode()).hexdigest()
    )
    html = pages.get(key)
    if html is None:
        html = get_template(template_name).render(context)
        pages.set(key, html)
    return html
