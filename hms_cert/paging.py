"""Paging without counting: a page of rows and whether there is a next one.

Django's Paginator counts every matching row to print "page n of m"; on a public page
searched by anyone that count reads everything the search matches, on every request.
Here a page reads its rows plus one (the one says there is a next page), and nothing else.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

MAX_PAGE = 100_000  # a larger ?side= is no page anyone reached by clicking "next"


@dataclass(frozen=True)
class PageWithoutCount:
    """Quacks like the parts of django.core.paginator.Page that templates use."""

    object_list: list
    number: int
    has_next: bool

    def __iter__(self) -> Iterator:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def page_number(value) -> int:
    """A ?side= value as a page number: 1 when invalid, at most MAX_PAGE."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def page_without_count(queryset: QuerySet, number, per_page: int) -> PageWithoutCount:
    """Page ``number`` (a ?side= value; invalid means 1) of an ordered queryset.

    One query; a page past the end gives the first page (a second query).
    """
    number = page_number(number)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if not rows and number > 1:
        return page_without_count(queryset, 1, per_page)
    return PageWithoutCount(rows[:per_page], number, len(rows) > per_page)
