"""The REST API (/api/v1/): thin views over the project's selectors and services.

Public, no key: verification by code and the bulk lookup by organisation number, both
throttled per client address. With a key (``Authorization: Api-Key <key>``): what the
key's staff member sees, read-only or read-write as the key allows; writes go through
the services with that staff member as the actor.
"""

from django.http import JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView
from stdnum.no import orgnr

from api import selectors, serializers
from api.authentication import ApiKeyAuthentication
from api.permissions import HasApiKey, IssuerKey
from api.throttling import KeyRateThrottle, PublicRateThrottle
from certificates.selectors import get_case_for, get_certificate_for, invoice_rows_between
from certificates.verification import verification_answer
from companies.selectors import get_company_for
from surveys.selectors import get_action_item_for
from surveys.services import action_item_set_status


class Throttled(exceptions.Throttled):
    default_detail = gettext_lazy("For mange forespørsler.")
    extra_detail_singular = gettext_lazy("Prøv igjen om {wait} sekund.")
    extra_detail_plural = gettext_lazy("Prøv igjen om {wait} sekunder.")


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = gettext_lazy("Tjenesten er midlertidig utilgjengelig. Prøv igjen senere.")


PK = OpenApiParameter("pk", OpenApiTypes.INT, OpenApiParameter.PATH)


class StrictQuery:
    """A query parameter the operation does not take is refused (400), not ignored: a
    client's ``?limt=10`` or ``?organisation_number=`` should hear that it did nothing."""

    query_parameters: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication and throttling first
        unknown = sorted(set(request.query_params) - set(self.query_parameters))
        if unknown:
            raise exceptions.ValidationError({name: [_("Ukjent parameter.")] for name in unknown})


class ThrottledInBokmal:
    def throttled(self, request, wait):
        raise Throttled(wait)


class PublicView(ThrottledInBokmal, StrictQuery, APIView):
    authentication_classes = ()
    permission_classes = ()
    throttle_classes = (PublicRateThrottle,)


class KeyView(ThrottledInBokmal, StrictQuery):
    authentication_classes = (ApiKeyAuthentication,)
    permission_classes = (HasApiKey,)
    throttle_classes = (KeyRateThrottle,)


class KeyListView(KeyView, generics.ListAPIView):
    query_parameters = ("limit", "offset")


@extend_schema(
    tags=["public"],
    responses={200: serializers.VerificationSerializer},
    summary="Verify a certificate by its verification code",
)
class VerificationView(PublicView):
    def get(self, request, code: str):
        answer = verification_answer(code)
        if answer.http_status == status.HTTP_503_SERVICE_UNAVAILABLE:
            raise ServiceUnavailable
        if not answer.found:
            raise exceptions.NotFound(_("Ingen sertifikater har denne koden."))
        return Response(answer.as_json())


@extend_schema(
    tags=["public"],
    request=serializers.LookupRequestSerializer,
    responses={200: serializers.LookupResponseSerializer},
    summary="The valid certificate of up to 100 organisation numbers",
)
class LookupView(PublicView):
    def post(self, request):
        given = serializers.LookupRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        numbers = given.validated_data["organisation_numbers"]
        today = timezone.localdate()
        valid = [n for n in numbers if orgnr.is_valid(n)]
        found = selectors.certificates_in_force_by_orgnr(valid, on=today)
        results = [
            {
                "organisation_number": n,
                "error": None if orgnr.is_valid(n) else _("Feil kontrollsiffer."),
                "certificate": found.get(n),
            }
            for n in numbers
        ]
        answer = serializers.LookupResponseSerializer({"checked_on": today, "results": results})
        return Response(answer.data)


@extend_schema(tags=["companies"])
class CompanyList(KeyListView):
    serializer_class = serializers.CompanySerializer

    def get_queryset(self):
        return selectors.api_companies(self.request.user)


@extend_schema(tags=["companies"], parameters=[PK])
class CompanyDetail(KeyView, generics.RetrieveAPIView):
    serializer_class = serializers.CompanySerializer

    def get_object(self):
        return get_company_for(self.request.user, self.kwargs["pk"])


class CaseDecisionsMixin:
    def get_serializer_context(self):
        return super().get_serializer_context() | {"decisions": self.decisions}

    def with_decisions(self, cases):
        language = translation.get_language() or "nb"
        language = "en" if language.startswith("en") else "nb"
        self.decisions = selectors.case_decisions(
            list(cases), on=timezone.localdate(), language=language
        )


@extend_schema(tags=["cases"])
class CaseList(CaseDecisionsMixin, KeyListView):
    serializer_class = serializers.CaseSerializer

    def get_queryset(self):
        return selectors.api_cases(self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.with_decisions(page)
        return page


@extend_schema(tags=["cases"], parameters=[PK])
class CaseDetail(KeyView, CaseDecisionsMixin, generics.RetrieveAPIView):
    serializer_class = serializers.CaseSerializer

    def get_object(self):
        case = get_case_for(self.request.user, self.kwargs["pk"])
        self.with_decisions([case])
        return case


@extend_schema(tags=["certificates"])
class CertificateList(KeyListView):
    serializer_class = serializers.CertificateSerializer

    def get_queryset(self):
        return selectors.api_certificates(self.request.user)


@extend_schema(tags=["certificates"], parameters=[PK])
class CertificateDetail(KeyView, generics.RetrieveAPIView):
    serializer_class = serializers.CertificateSerializer

    def get_object(self):
        return get_certificate_for(self.request.user, self.kwargs["pk"])


@extend_schema(
    tags=["invoicing"],
    parameters=[
        OpenApiParameter("start", type=OpenApiTypes.DATE, required=True),
        OpenApiParameter("end", type=OpenApiTypes.DATE, required=True),
    ],
    responses={200: serializers.InvoiceLineSerializer(many=True)},
    summary="The invoicing lines of certificates issued in a period (issuers' keys)",
)
class InvoicingView(KeyView, APIView):
    permission_classes = (HasApiKey, IssuerKey)
    query_parameters = ("start", "end")

    def get(self, request):
        period = serializers.InvoicingQuerySerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        rows = invoice_rows_between(
            request.user, period.validated_data["start"], period.validated_data["end"]
        )
        return Response(serializers.InvoiceLineSerializer(rows, many=True).data)


@extend_schema(tags=["action items"], parameters=[PK])
class ActionItemDetail(KeyView, APIView):
    @extend_schema(responses={200: serializers.ActionItemSerializer})
    def get(self, request, pk):
        item = get_action_item_for(request.user, pk)
        return Response(serializers.ActionItemSerializer(item).data)


@extend_schema(
    tags=["action items"],
    parameters=[PK],
    request=serializers.ActionItemStatusSerializer,
    responses={200: serializers.ActionItemSerializer},
    summary="Set an action item's status (read-write keys)",
)
class ActionItemStatusView(KeyView, APIView):
    """Through ``action_item_set_status``: the history names the key's staff member, and
    the service's rules apply ("not applicable" needs a reason)."""

    def post(self, request, pk):
        given = serializers.ActionItemStatusSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        item = get_action_item_for(request.user, pk)
        item = action_item_set_status(
            item=item,
            status=given.validated_data["status"],
            reason=given.validated_data["reason"],
            actor=request.user,
        )
        return Response(serializers.ActionItemSerializer(item).data, status=status.HTTP_200_OK)


def not_found(request, *args, **kwargs):
    """No such endpoint: the API's JSON 404 (the site's is an HTML page)."""
    return JsonResponse({"detail": _("Ikke funnet.")}, status=404)
