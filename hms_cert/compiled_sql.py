"""``CompiledOnce``: a queryset built and compiled to SQL once, run with new values each time.

Named for speed. On the busiest reads, building and compiling the queryset costs more than
running it: the verification page's lookup spent 1.4 ms a request building and compiling
against well under that running (certificates.selectors.certificate_by_code), and the
audit trail's UNION of eleven querysets the same again. So the queryset is built once per
database vendor, from stand-in values for its named placeholders, and each call swaps the
stand-ins in the compiled parameters for the call's values (their positions are found once).

A stand-in is a value no other parameter of the query equals (a string with a NUL byte and
64 random bits; a random integer from 2**30 to 2**31, in range of every integer column, for
Django folds a value out of range into the SQL); a placeholder whose stand-in does not reach
the parameters (it was folded, or not used) is refused when compiling, not ignored.
"""

import secrets
from collections.abc import Callable

from django.db import connection
from django.db.models import QuerySet

_STAND_INS: dict[type, Callable[[], object]] = {
    str: lambda: f"\x00{secrets.token_hex(8)}",
    # Within every integer column's range: Django folds a value outside it into the SQL.
    int: lambda: 2**30 + secrets.randbelow(2**30),
}


class CompiledOnce:
    """``build(**placeholders)``'s SQL, compiled on first use for each database vendor.

    ``CompiledOnce(lambda code: Certificate.objects.filter(verification_code=code), code=str)``
    then ``sql, params = compiled.sql(code="a1b2")`` for ``cursor.execute(sql, params)``.
    """

    def __init__(self, build: Callable[..., QuerySet], **placeholders: type):
        self._build = build
        self._stand_ins = {name: _STAND_INS[kind]() for name, kind in placeholders.items()}
        self._compiled: dict[str, tuple[str, tuple, dict[int, str]]] = {}

    def sql(self, **values) -> tuple[str, list]:
        """The SQL and its parameters with ``values`` for the placeholders."""
        if values.keys() != self._stand_ins.keys():
            raise TypeError(f"placeholders are {sorted(self._stand_ins)}, given {sorted(values)}")
        sql, params, positions = self._compiled.get(connection.vendor) or self._compile()
        filled = list(params)
        for position, name in positions.items():
            filled[position] = values[name]
        return sql, filled

    def _compile(self) -> tuple[str, tuple, dict[int, str]]:
        query = self._build(**self._stand_ins).query
        sql, params = query.get_compiler(connection=connection).as_sql()
        by_value = {value: name for name, value in self._stand_ins.items()}
        positions = {i: by_value[p] for i, p in enumerate(params) if _hashable(p) in by_value}
        missing = set(self._stand_ins) - set(positions.values())
        if missing:
            raise ValueError(f"placeholders not among the SQL's parameters: {sorted(missing)}")
        compiled = (sql, tuple(params), positions)
        self._compiled[connection.vendor] = compiled
        return compiled


def _hashable(value: object) -> object:
    try:
        hash(value)
    except TypeError:
        return None
    return value
