"""The two badges every page shows the same way: a certificate's status and a class.

``{% status_badge certificate.status %}`` takes the status from ``Certificate.status``
(the one place it is worked out) and its label from ``Certificate.Status``;
``{% class_badge klass %}`` gives each class its one colour (static/css, ``.class-…``).

Both are the same few bytes of HTML for every row of a list: each is rendered from its
template once per value and language in a process and then reused (a list of 25 rows
rendered the class badge template 50 times, about 0.1 ms each).
"""

from functools import lru_cache

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from certificates.models import Certificate

register = template.Library()

# Bootstrap's colour for each status; "unknown" for anything else.
STATUS_CSS = {
    Certificate.Status.VALID: "text-bg-success",
    Certificate.Status.EXPIRED: "text-bg-secondary",
    Certificate.Status.REVOKED: "text-bg-danger",
    Certificate.Status.SUPERSEDED: "text-bg-secondary",
    Certificate.Status.NOT_YET_VALID: "text-bg-info",
}
CLASS_CSS = {"A+": "class-a-plus", "A": "class-a", "B": "class-b"}


@register.simple_tag
def status_badge(status: str) -> SafeString:
    return _status_badge(str(status), get_language())


@lru_cache(maxsize=64)
def _status_badge(status: str, language: str | None) -> SafeString:
    known = status in Certificate.Status.values
    context = {
        "status": status,
        "label": Certificate.Status(status).label if known else None,
        "css": STATUS_CSS.get(status, "text-bg-warning"),
    }
    return get_template("certificates/_status_badge.html").render(context)


@register.simple_tag
def class_badge(klass: str | None, discretionary: bool = False) -> SafeString:
    return _class_badge(str(klass) if klass else "", bool(discretionary), get_language())


@lru_cache(maxsize=64)
def _class_badge(klass: str, discretionary: bool, language: str | None) -> SafeString:
    context = {"klass": klass, "css": CLASS_CSS.get(klass, ""), "discretionary": discretionary}
    return get_template("cases/_class_badge.html").render(context)
