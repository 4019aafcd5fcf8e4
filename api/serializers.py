"""The API's shapes: what it answers (documented in the schema) and what it accepts."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from certificates.models import Certificate, CertificationCase
from companies.models import COMPANY_FIELDS, Company
from surveys.models import ActionItem

MAX_LOOKUP = 100
ORGNR_SHAPE = r"^[0-9]{3} ?[0-9]{3} ?[0-9]{3}$"


# --- Public -------------------------------------------------------------------------------


class VerifiedCompanySerializer(serializers.Serializer):
    name = serializers.CharField()
    organisation_number = serializers.CharField()
    address = serializers.CharField(allow_blank=True)


class VerificationSerializer(serializers.Serializer):
    """The verification page's JSON (certificates/verification.py), as the API answers it."""

    code = serializers.CharField()
    status = serializers.ChoiceField(choices=Certificate.Status.choices)
    valid = serializers.BooleanField()
    checked_on = serializers.DateField()
    number = serializers.CharField()
    # "class" is a Python keyword: the field is declared under another name (below).
    company = VerifiedCompanySerializer()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    revocation_reason = serializers.CharField(allow_null=True)
    superseded_by = serializers.CharField(allow_null=True)
    pdf_sha256 = serializers.CharField(allow_blank=True)
    pdf_en_sha256 = serializers.CharField(allow_blank=True)


VerificationSerializer._declared_fields["class"] = serializers.ChoiceField(choices=["B", "A", "A+"])


class LookupRequestSerializer(serializers.Serializer):
    """Nine digits each (spaces as printed allowed); the check digit is judged per number,
    so one mistyped number does not cost the answer for the other 99."""

    organisation_numbers = serializers.ListField(
        child=serializers.RegexField(
            ORGNR_SHAPE, error_messages={"invalid": _("Et organisasjonsnummer er ni siffer.")}
        ),
        allow_empty=False,
        min_length=1,
        max_length=MAX_LOOKUP,
        error_messages={
            "max_length": _("Høyst %(count)d organisasjonsnumre per forespørsel.")
            % {"count": MAX_LOOKUP},
        },
        help_text=_("Opptil 100 organisasjonsnumre (ni siffer, mellomrom tillatt)."),
    )

    def validate_organisation_numbers(self, numbers: list[str]) -> list[str]:
        return [n.replace(" ", "") for n in numbers]


class LookupCertificateSerializer(serializers.Serializer):
    number = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()


LookupCertificateSerializer._declared_fields["class"] = serializers.ChoiceField(
    choices=["B", "A", "A+"], source="klass"
)


class LookupResultSerializer(serializers.Serializer):
    organisation_number = serializers.CharField()
    error = serializers.CharField(
        allow_null=True,
        help_text=_("Hvorfor nummeret ikke er et organisasjonsnummer (feil kontrollsiffer)."),
    )
    certificate = LookupCertificateSerializer(
        allow_null=True, help_text=_("Det gyldige sertifikatet i dag, eller null.")
    )


class LookupResponseSerializer(serializers.Serializer):
    checked_on = serializers.DateField()
    results = LookupResultSerializer(many=True)


# --- With a key ---------------------------------------------------------------------------


# What the API shows of a company beyond ``COMPANY_FIELDS``: its id, which nobody edits.
COMPANY_READ_ONLY = ("id",)


# No docstring: drf-spectacular would publish it as the schema's description of Company.
class CompanySerializer(serializers.ModelSerializer):
    advisor = serializers.CharField(source="advisor.display_name", allow_null=True, default=None)

    class Meta:
        model = Company
        fields = [*COMPANY_READ_ONLY, *COMPANY_FIELDS]


class CriterionSerializer(serializers.Serializer):
    code = serializers.CharField()
    met = serializers.BooleanField()
    text = serializers.CharField()
    missing = serializers.CharField(allow_blank=True, allow_null=True)


class ClassResultSerializer(serializers.Serializer):
    met = serializers.BooleanField()
    criteria = CriterionSerializer(many=True)


ClassResultSerializer._declared_fields["class"] = serializers.ChoiceField(choices=["B", "A", "A+"])


class DecisionSerializer(serializers.Serializer):
    """RULES.md's decision, as ``hms_rules.json_form.decision_to_json`` writes it."""

    rule_set = serializers.CharField()
    assessment_date = serializers.DateField()
    eligible_class = serializers.ChoiceField(choices=["B", "A", "A+"], allow_null=True)
    discretionary = serializers.BooleanField()
    waiver_used = serializers.BooleanField()
    stable_until = serializers.DateField(allow_null=True)
    classes = ClassResultSerializer(many=True)


class CaseSerializer(serializers.ModelSerializer):
    company = serializers.PrimaryKeyRelatedField(read_only=True)
    decision = serializers.SerializerMethodField(
        help_text=_(
            "Dagens beslutning for årets sak (den lagrede beslutningen); null for saker fra "
            "andre år."
        )
    )

    class Meta:
        model = CertificationCase
        fields = ["id", "company", "year", "status", "opened_at", "sent_to_issuing_at", "decision"]

    def get_decision(self, case) -> DecisionSerializer(allow_null=True):  # type: ignore[valid-type]
        return self.context["decisions"].get(case.pk)


class CertificateSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=Certificate.Status.choices, read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "company",
            "case",
            "company_name",
            "organisation_number",
            "company_address",
            "klass",
            "valid_from",
            "valid_until",
            "issued_at",
            "status",
            "route",
            "fee",
            "revoked_at",
            "revocation_reason",
            "superseded_by",
            "pdf_sha256",
        ]


class InvoiceLineSerializer(serializers.Serializer):
    number = serializers.CharField(source="certificate.number")
    issued_on = serializers.SerializerMethodField()
    company_name = serializers.CharField(source="certificate.company_name")
    organisation_number = serializers.CharField(source="certificate.organisation_number")
    klass = serializers.CharField(source="certificate.klass")
    route = serializers.CharField(source="certificate.route")
    fee = serializers.DecimalField(max_digits=10, decimal_places=2, source="certificate.fee")
    status = serializers.CharField(source="certificate.status")
    flag = serializers.CharField(allow_blank=True)
    replaces = serializers.CharField(source="replaces.number", allow_null=True, default=None)
    issued_by = serializers.CharField(source="certificate.issued_by.display_name")

    def get_issued_on(self, row) -> date:
        return timezone.localdate(row.certificate.issued_at)


class InvoicingQuerySerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()

    # A start after the end is an empty period: no lines, as the invoicing page shows.


class ActionItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionItem
        fields = [
            "id",
            "company",
            "survey",
            "area",
            "measure",
            "responsible",
            "due_date",
            "status",
            "status_reason",
            "updated_at",
        ]
        read_only_fields = fields


class ActionItemStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionItem.Status.choices)
    reason = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=2000,
        help_text=_("Påkrevd når tiltaket settes til «Ikke aktuelt»."),
    )
