"""Links to many objects of one kind on one page, without one ``reverse()`` per object.

``{% url %}`` resolves its pattern on every use (tens of microseconds each); the case page
links each survey, finding, hazard and action item two or three ways, about 150 links
for a typical company. ``link_patterns`` reverses each name once per request with a
marker in place of the primary key, and ``{{ links.NAME|with_pk:obj.pk }}``
(``staff.templatetags.links``) puts the object's key there: the same URL, a string
replace instead of a resolve.
"""

from django.urls import reverse

MARK = "2147483647"  # an int the <int:pk> converter accepts; no page links such a pk


def link_patterns(*names: str) -> dict[str, str]:
    """``{"action_item_update": "/tiltak/2147483647/endre/"}`` for "surveys:action_item_update"."""
    return {name.rpartition(":")[2]: reverse(name, args=[MARK]) for name in names}


def with_pk(pattern: str, pk) -> str:
    return pattern.replace(MARK, str(pk), 1)
