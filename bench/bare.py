"""The bare Django view the bench measures every page against (``bench.settings`` only).

One primary-key query and a tiny template, served by the same gunicorn configuration,
middleware and database as the pages: what a request costs before the project's own work.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines

from companies.models import Company

_TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>{{ company.name }}</title><p>{{ company.organisation_number }}</p>"
)


def bare(request, pk: int) -> HttpResponse:
    company = get_object_or_404(Company.objects.only("name", "organisation_number"), pk=pk)
    return HttpResponse(_TEMPLATE.render({"company": company}, request))
