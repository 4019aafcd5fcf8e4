"""Reads of inspections, always on behalf of a user (anything else is a 404)."""

from dataclasses import dataclass

from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404

from companies.models import Company
from companies.selectors import companies_visible_to
from documents.models import Document
from fieldwork.models import Answer, ChecklistSection, ChecklistTemplate, Inspection, Photo


def _get(queryset: QuerySet, pk) -> Model:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def current_template(kind: str) -> ChecklistTemplate | None:
    """The current version of the checklist of ``kind``; None if there is none.

    Only reads: the shipped checklists are installed by the data migration ``0002_checklists``.
    """
    return ChecklistTemplate.objects.filter(kind=kind, is_current=True).order_by("-version").first()


def get_company_for_inspection(user, pk) -> Company:
    return _get(companies_visible_to(user), pk)


def get_inspection_for(user, pk) -> Inspection:
    return _get(
        Inspection.objects.filter(company__in=companies_visible_to(user)).select_related(
            "company", "template", "survey", "started_by"
        ),
        pk,
    )


def get_photo_for(user, pk) -> Photo:
    return _get(
        Photo.objects.filter(
            answer__inspection__company__in=companies_visible_to(user)
        ).select_related("answer__inspection__company", "answer__item"),
        pk,
    )


def inspections_of(company: Company) -> list[Inspection]:
    """The company's inspections with their report documents, newest first: two queries.

    Each carries ``sent_back``: the rejected report document when it was sent back.
    """
    inspections = list(
        company.inspections.select_related("template", "survey").prefetch_related(
            "survey__documents"
        )
    )
    for inspection in inspections:
        inspection.sent_back = sent_back_document(inspection)
    return inspections


def sent_back_document(inspection: Inspection) -> Document | None:
    """The advisor's rejection of this finished survey, if that is where it stands.

    A survey is sent back when its newest report document was rejected and it is not
    verified; the company may then reopen the walk (``services.inspection_reopen``).
    Reads the survey's documents through any prefetch (``inspections_of``).
    """
    survey = inspection.survey
    if inspection.is_open or survey is None or survey.is_ours or survey.verified_on:
        return None
    newest = next(iter(survey.documents.all()), None)  # ordered newest first
    if newest is None or newest.status != Document.Status.REJECTED:
        return None
    return newest


@dataclass(frozen=True)
class ItemRow:
    item: object
    answer: Answer | None


@dataclass(frozen=True)
class SectionRows:
    section: ChecklistSection
    rows: list[ItemRow]


@dataclass(frozen=True)
class Walk:
    inspection: Inspection
    sections: list[SectionRows]
    answered: int
    total: int
    deviations: list[Answer]

    @property
    def next_item(self):
        """The first item not answered yet: where the walk continues."""
        for section in self.sections:
            for row in section.rows:
                if row.answer is None:
                    return row.item
        return None

    def next_after(self, item):
        """The first unanswered item after ``item``, else the first unanswered one."""
        rows = [row for section in self.sections for row in section.rows]
        position = next((i for i, row in enumerate(rows) if row.item.pk == item.pk), -1)
        for row in rows[position + 1 :]:
            if row.answer is None:
                return row.item
        return self.next_item

    @property
    def complete(self) -> bool:
        return self.answered == self.total

    @property
    def plan_confirmed(self) -> bool:
        return all(answer.plan_confirmed for answer in self.deviations)


def walk_of(inspection: Inspection) -> Walk:
    """The checklist with its answers and their photos, in four queries."""
    answers = {
        answer.item_id: answer
        for answer in inspection.answers.select_related("item").prefetch_related(
            Prefetch("photos", queryset=Photo.objects.order_by("id"))
        )
    }
    sections = inspection.template.sections.prefetch_related("items").order_by("order", "id")
    rows = [
        SectionRows(section, [ItemRow(item, answers.get(item.pk)) for item in section.items.all()])
        for section in sections
    ]
    total = sum(len(s.rows) for s in rows)
    deviations = [
        row.answer for s in rows for row in s.rows if row.answer and row.answer.is_deviation
    ]
    return Walk(inspection, rows, len(answers), total, deviations)
