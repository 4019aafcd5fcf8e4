"""A company's fields are one list (``companies.models.COMPANY_FIELDS``), and the form, the
services and the API all take theirs from it: a field added to the list appears in all three.

What differs on purpose is named beside the list and checked here too: the API shows the
company's id (``api.serializers.COMPANY_READ_ONLY``), and only those who may assign advisors
see the advisor field on the form. Any change of a company raises its kept pages
(``companies.freshness``: a Company is a fact of its case).
"""

import ast
import inspect

import pytest
from django.db import models
from django.forms import model_to_dict

from api import serializers as api_serializers
from api.serializers import COMPANY_READ_ONLY, CompanySerializer
from companies import forms as company_forms
from companies import services
from companies.forms import CompanyForm
from companies.freshness import case_revision
from companies.models import COMPANY_FIELDS, Company
from tests.factories import valid_organisation_number

pytestmark = pytest.mark.django_db

# The company's columns that nobody edits: the key and the timestamps.
NOT_EDITED = ("id", "created_at", "updated_at")


def _other_value(company: Company, name: str, other_advisor):
    """A valid value of the field ``name`` that differs from the company's."""
    field = Company._meta.get_field(name)
    value = getattr(company, name)
    if name == "organisation_number":
        return valid_organisation_number(700)
    if isinstance(field, models.ForeignKey):
        return other_advisor
    if isinstance(field, models.BooleanField):
        return not value
    if isinstance(field, models.IntegerField):
        return value + 1
    if isinstance(field, models.CharField):
        return f"Endret {value}"[: field.max_length]
    raise AssertionError(f"No test value for Company.{name}: add its kind of field here.")


def test_the_list_names_every_field_people_edit():
    edited = [
        field.name
        for field in Company._meta.concrete_fields
        if field.editable and field.name not in NOT_EDITED
    ]
    assert sorted(edited) == sorted(COMPANY_FIELDS), (
        "A field of Company that people edit is named in companies.models.COMPANY_FIELDS "
        "(or here, in NOT_EDITED, if nobody edits it)."
    )


def test_the_form_shows_the_list():
    assert list(CompanyForm(can_assign_advisor=True).fields) == list(COMPANY_FIELDS)
    without_advisor = [name for name in COMPANY_FIELDS if name != "advisor"]
    assert list(CompanyForm().fields) == without_advisor


def test_the_api_writes_the_list_and_shows_the_id_besides(company):
    fields = CompanySerializer().fields
    assert list(fields) == [*COMPANY_READ_ONLY, *COMPANY_FIELDS]
    assert [name for name, field in fields.items() if not field.read_only] == list(COMPANY_FIELDS)
    assert [name for name, field in fields.items() if field.read_only] == list(COMPANY_READ_ONLY)
    assert list(CompanySerializer(company).data) == [*COMPANY_READ_ONLY, *COMPANY_FIELDS]


@pytest.mark.parametrize("name", COMPANY_FIELDS)
def test_the_service_writes_each_field_of_the_list(name, issuer, company, other_advisor):
    value = _other_value(company, name, other_advisor)
    revision = case_revision(company)
    services.company_update(company=company, actor=issuer, **{name: value})
    company.refresh_from_db()
    assert getattr(company, name) == value
    assert company.history.first().history_user == issuer
    # Every change raises the company's kept pages (companies.freshness).
    assert case_revision(company) == revision + 1


def test_the_service_creates_with_every_field_of_the_list(issuer, company, other_advisor):
    data = {name: _other_value(company, name, other_advisor) for name in COMPANY_FIELDS}
    created = services.company_create(actor=issuer, **data)
    created.refresh_from_db()
    assert {name: getattr(created, name) for name in COMPANY_FIELDS} == data


@pytest.mark.parametrize("name", NOT_EDITED)
def test_the_service_refuses_what_the_list_leaves_out(name, issuer, company):
    with pytest.raises(TypeError, match=name):
        services.company_update(company=company, actor=issuer, **{name: getattr(company, name)})


def test_what_the_form_cleans_the_service_takes(issuer, company, other_advisor):
    """The view hands the form's cleaned data to the service as it is."""
    data = model_to_dict(company, fields=COMPANY_FIELDS) | {
        "name": "Skjemaet AS",
        "advisor": other_advisor.pk,
    }
    form = CompanyForm(data, instance=company, can_assign_advisor=True)
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data) == set(COMPANY_FIELDS)
    services.company_update(company=company, actor=issuer, **form.cleaned_data)
    company.refresh_from_db()
    assert (company.name, company.advisor) == ("Skjemaet AS", other_advisor)


def _copied_lists(module) -> list[int]:
    """Lines of ``module`` where a list, tuple or set literal names two or more of the
    company's fields: a copy of the list instead of ``COMPANY_FIELDS``."""
    tree = ast.parse(inspect.getsource(module))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.List | ast.Tuple | ast.Set)
        and sum(
            isinstance(element, ast.Constant) and element.value in COMPANY_FIELDS
            for element in node.elts
        )
        >= 2
    ]


@pytest.mark.parametrize("module", [company_forms, services, api_serializers])
def test_no_one_copies_the_list(module):
    assert _copied_lists(module) == [], (
        f"{module.__name__} writes company fields out: take them from "
        "companies.models.COMPANY_FIELDS (and name what differs on purpose beside it)."
    )
