"""The panel of a company's checklist walks, shown on the case page and on Min side."""

from django import template

from fieldwork.selectors import inspections_of

register = template.Library()


@register.inclusion_tag("fieldwork/_inspections.html")
def inspections_panel(company):
    """Two queries (the inspections, their report documents), whatever their number."""
    return {"company": company, "inspections": inspections_of(company)}
