"""The two badges every page shows the same way: a certificate's status and a class.

``{% status_badge certificate.status %}`` takes the status from ``Certificate.status``
(the one place it is worked out) and its label from ``Certificate.Status``;
``{% class_badge klass %}`` gives each class its one colour (static/css, ``.class-…``).
"""

from django import template

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


@register.inclusion_tag("certificates/_status_badge.html")
def status_badge(status: str):
    known = status in Certificate.Status.values
    return {
        "status": status,
        "label": Certificate.Status(status).label if known else None,
        "css": STATUS_CSS.get(status, "text-bg-warning"),
    }


@register.inclusion_tag("cases/_class_badge.html")
def class_badge(klass: str | None, discretionary: bool = False):
    return {"klass": klass, "css": CLASS_CSS.get(klass or "", ""), "discretionary": discretionary}
