"""Pages of a list: ``limit`` and ``offset``; a value that is no count is refused (400).

DRF's own class quietly falls back on the default for ``?limit=x``; a client that asked
for something else should hear so, as the schema says these are non-negative integers.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 500


class StrictLimitOffsetPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def _count(self, request, name: str, default: int | None) -> int | None:
        raw = request.query_params.get(name)
        if raw is None:
            return default
        if not raw.isascii() or not raw.isdigit():
            raise ValidationError({name: [_("Skal være et heltall fra og med 0.")]})
        return int(raw)

    def get_limit(self, request):
        limit = self._count(request, self.limit_query_param, self.default_limit)
        if limit is not None and limit > self.max_limit:
            raise ValidationError(
                {self.limit_query_param: [_("Høyst %(max)d per side.") % {"max": self.max_limit}]}
            )
        return limit or self.default_limit

    def get_offset(self, request):
        return self._count(request, self.offset_query_param, 0)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 0
            if parameter["name"] == self.limit_query_param:
                parameter["schema"]["maximum"] = self.max_limit
        return parameters
