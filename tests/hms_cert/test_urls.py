"""The site's addresses: each belongs to one page, so the order of the URL list is free.

``hms_cert/urls.py`` puts the certificates app first because it holds the busiest public
pages (verification, register); that is safe only while no address matches two patterns.
"""

import re

from django.urls import URLResolver, get_resolver, resolve

# An example value for each path converter, and what the converter accepts.
_EXAMPLE = {"int": "7", "str": "abc", "slug": "abc", "path": "a/b"}
_ACCEPTS = {"int": "[0-9]+", "str": "[^/]+", "slug": "[-a-zA-Z0-9_]+", "path": ".+"}
_PARAMETER = re.compile(r"<(?:(\w+):)?\w+>")


def _routes(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif "^" not in route and not route.startswith("admin/"):  # path(), not re_path()
            yield route, entry


def _example(route: str) -> str:
    return "/" + _PARAMETER.sub(lambda m: _EXAMPLE[m.group(1) or "str"], route)


def _matches(route: str, address: str) -> bool:
    expression = _PARAMETER.sub(lambda m: _ACCEPTS[m.group(1) or "str"], re.escape(route))
    return re.fullmatch(expression.replace(r"\<", "<").replace(r"\>", ">"), address[1:]) is not None


def test_no_address_matches_two_patterns():
    routes = list(_routes())
    assert len(routes) > 100
    overlapping = {
        _example(route): matched
        for route, _ in routes
        if len(matched := [other for other, _ in routes if _matches(other, _example(route))]) > 1
    }
    assert overlapping == {}


def test_every_pattern_is_the_page_its_example_address_opens():
    for route, entry in _routes():
        assert resolve(_example(route)).func == entry.callback, route


def test_a_pattern_of_one_app_would_be_found_as_overlapping():
    assert _matches("saker/<int:pk>/", _example("saker/<int:pk>/"))
    assert _matches("saker/<str:code>/", _example("saker/<int:pk>/"))
    assert not _matches("saker/<int:pk>/utsted/", _example("saker/<int:pk>/"))
