"""``CompiledOnce`` answers as its queryset does, for any values, and builds it only once."""

import pytest
from django.db import connection

from companies.models import Company
from hms_cert.compiled_sql import CompiledOnce
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def run(compiled: CompiledOnce, **values) -> list[tuple]:
    sql, params = compiled.sql(**values)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def by_name_and_size(name: str, at_least: int):
    return (
        Company.objects.filter(name=name, employee_count__gte=at_least, industry__isnull=False)
        .order_by("pk")
        .values_list("pk", "name")
    )


def test_each_call_answers_as_the_queryset_with_its_values():
    small = CompanyFactory(name="Fjordlys AS", employee_count=3)
    large = CompanyFactory(name="Fjordlys AS", employee_count=40)
    CompanyFactory(name="Nordlys AS", employee_count=40)
    compiled = CompiledOnce(by_name_and_size, name=str, at_least=int)
    for name, at_least in (("Fjordlys AS", 1), ("Fjordlys AS", 10), ("Ingen AS", 1)):
        expected = list(by_name_and_size(name, at_least))
        assert run(compiled, name=name, at_least=at_least) == expected
    assert run(compiled, name="Fjordlys AS", at_least=1) == [
        (small.pk, "Fjordlys AS"),
        (large.pk, "Fjordlys AS"),
    ]


def test_the_queryset_is_built_once():
    built = []

    def build(name):
        built.append(name)
        return Company.objects.filter(name=name).values_list("pk")

    compiled = CompiledOnce(build, name=str)
    for name in ("A", "B", "C"):
        run(compiled, name=name)
    assert len(built) == 1
    assert built[0] not in ("A", "B", "C")  # a stand-in, never a caller's value


def test_placeholders_are_named_and_must_reach_the_sql():
    compiled = CompiledOnce(lambda name: Company.objects.filter(name=name), name=str)
    with pytest.raises(TypeError, match="placeholders are"):
        compiled.sql(nam="x")
    unused = CompiledOnce(lambda name: Company.objects.all(), name=str)
    with pytest.raises(ValueError, match="not among the SQL's parameters"):
        unused.sql(name="x")
