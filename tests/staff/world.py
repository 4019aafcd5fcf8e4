"""A company with a little of everything, and the service calls that change it as users do.

The case page's and the portfolio's cache tests make these changes one after another and
compare each page served with one built afresh (tests/staff/test_case_page_cache.py,
tests/staff/test_portfolio_cache.py).
"""

import datetime as dt

from django.conf import settings
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory

from accounts.models import User
from certificates import services as certificate_services
from certificates.models import Confirmation
from companies import services as company_services
from documents import services as document_services
from documents.models import Category, Document
from portal.services import action_item_client_update
from questionnaires import services as questionnaire_services
from surveys import services
from surveys.models import ActionItem, Area, Finding, Survey
from tests.documents import files
from tests.factories import TODAY


class World:
    """A company with a little of everything, and the service calls that change it."""

    def __init__(self, rng, advisor, issuer, client_user, company, case):
        self.rng, self.advisor, self.issuer = rng, advisor, issuer
        self.client_user, self.company, self.case = client_user, company, case
        self.n = 0
        self.survey_create(provider=Survey.Provider.EXTERNAL)
        self.finding_create()
        self.risk_assessment_create()
        self.safety_round_create()
        self.action_item_create()

    def _text(self, what: str) -> str:
        self.n += 1
        return f"{what} {self.n}"

    def _pick(self, queryset):
        rows = list(queryset.order_by("pk"))
        return self.rng.choice(rows) if rows else None

    def _days_ago(self) -> dt.date:
        return TODAY - dt.timedelta(days=self.rng.randint(1, 500))

    # surveys and findings
    def survey_create(self, provider=Survey.Provider.BEDRIFTSTJENESTEN):
        services.survey_create(
            company=self.company,
            actor=self.advisor,
            kind=Survey.Kind.PHYSICAL,
            performed_on=self._days_ago(),
            provider=provider,
            summary=self._text("Oppsummering"),
            has_written_report=True,
        )

    def survey_update(self):
        if survey := self._pick(self.company.surveys):
            services.survey_update(survey=survey, actor=self.advisor, summary=self._text("Ny"))

    def survey_verify(self):
        external = self.company.surveys.filter(verified_on=None, provider="EXTERNAL")
        if survey := self._pick(external):
            services.survey_verify(survey=survey, actor=self.advisor, on=TODAY)

    def survey_delete(self):
        if survey := self._pick(self.company.surveys):
            services.survey_delete(survey=survey, actor=self.advisor)

    def finding_create(self):
        if survey := self._pick(self.company.surveys):
            services.finding_create(
                survey=survey,
                actor=self.advisor,
                description=self._text("Funn"),
                location="Lager",
                severity=self.rng.choice(Finding.Severity.values),
            )

    def _finding(self):
        return self._pick(Finding.objects.filter(survey__company=self.company))

    def finding_update(self):
        if finding := self._finding():
            services.finding_update(finding=finding, actor=self.advisor, location=self._text("Rom"))

    def finding_delete(self):
        if finding := self._finding():
            services.finding_delete(finding=finding, actor=self.advisor)

    # risk assessments and hazards
    def risk_assessment_create(self):
        hazard = {"description": self._text("Fare"), "probability": 3, "consequence": 2}
        services.risk_assessment_create(
            company=self.company,
            actor=self.advisor,
            performed_on=self._days_ago(),
            title=self._text("Vurdering"),
            hazards=[hazard],
        )

    def risk_assessment_update(self):
        if assessment := self._pick(self.company.risk_assessments):
            title = self._text("Tittel")
            services.risk_assessment_update(
                risk_assessment=assessment, actor=self.advisor, title=title
            )

    def risk_assessment_delete(self):
        if assessment := self._pick(self.company.risk_assessments):
            services.risk_assessment_delete(risk_assessment=assessment, actor=self.advisor)

    def hazard_create(self):
        if assessment := self._pick(self.company.risk_assessments):
            services.hazard_create(
                risk_assessment=assessment,
                actor=self.advisor,
                description=self._text("Fare"),
                probability=self.rng.randint(1, 5),
                consequence=self.rng.randint(1, 5),
            )

    def _hazard(self):
        assessment = self._pick(self.company.risk_assessments)
        return assessment and self._pick(assessment.hazards)

    def hazard_update(self):
        if hazard := self._hazard():
            services.hazard_update(hazard=hazard, actor=self.advisor, probability=5, consequence=5)

    def hazard_delete(self):
        if hazard := self._hazard():
            services.hazard_delete(hazard=hazard, actor=self.advisor)

    # safety rounds
    def safety_round_create(self):
        services.safety_round_create(
            company=self.company,
            actor=self.advisor,
            performed_on=self._days_ago(),
            location=self._text("Sted"),
        )

    def safety_round_update(self):
        if safety_round := self._pick(self.company.safety_rounds):
            notes = self._text("Merknad")
            services.safety_round_update(safety_round=safety_round, actor=self.advisor, notes=notes)

    def safety_round_delete(self):
        if safety_round := self._pick(self.company.safety_rounds):
            services.safety_round_delete(safety_round=safety_round, actor=self.advisor)

    # the action plan and its comments
    def action_item_create(self):
        services.action_item_create(
            company=self.company,
            actor=self.advisor,
            area=Area.PHYSICAL,
            measure=self._text("Tiltak"),
            responsible="Kari",
            due_date=TODAY + dt.timedelta(days=self.rng.randint(-60, 60)),
            status=ActionItem.Status.IN_PROGRESS,
            finding=self._finding(),
        )

    def action_item_update(self):
        if item := self._pick(self.company.action_items):
            due = TODAY + dt.timedelta(days=self.rng.randint(-60, 60))
            services.action_item_update(item=item, actor=self.advisor, due_date=due)

    def action_item_set_status(self):
        if item := self._pick(self.company.action_items):
            status = self.rng.choice([ActionItem.Status.DONE, ActionItem.Status.OPEN])
            services.action_item_set_status(item=item, status=status, reason="", actor=self.advisor)

    def action_item_client_update(self):
        if item := self._pick(self.company.action_items):
            action_item_client_update(
                item=item,
                actor=self.client_user,
                status=self.rng.choice([ActionItem.Status.DONE, ActionItem.Status.IN_PROGRESS]),
                comment=self._text("Kommentar"),
            )

    def action_item_delete(self):
        if item := self._pick(self.company.action_items):
            services.action_item_delete(item=item, actor=self.advisor)

    # the company, the case, the users
    def company_update(self):
        company_services.company_update(
            company=self.company,
            actor=self.advisor,
            off_site_work=not self.company.off_site_work,
            name=self._text("Bedrift"),
        )
        self.company.refresh_from_db()

    def confirmation_record(self):
        certificate_services.confirmation_record(
            case=self.case,
            kind=self.rng.choice(Confirmation.LEGAL_KINDS),
            text=self._text("Bekreftet"),
            confirmed_on=TODAY,
            actor=self.advisor,
        )

    def confirmation_withdraw(self):
        self.case.refresh_from_db()
        if self.case.status != self.case.Status.OPEN:
            return
        if confirmation := self._pick(self.case.confirmations):
            certificate_services.confirmation_withdraw(
                confirmation=confirmation, actor=self.advisor
            )

    # documents the company uploads and the advisor reviews
    def document_upload(self):
        document_services.document_upload(
            company=self.company,
            actor=self.client_user,
            file=files.upload(f"{self._text('avtale')}.pdf", files.PDF),
            category=Category.EMPLOYMENT_CONTRACTS,
            effective_from=TODAY,
        )

    def _pending_document(self):
        """A document waiting for review; one is uploaded first if none is waiting."""
        if not self.company.documents.filter(status=Document.Status.PENDING).exists():
            self.document_upload()
        return self._pick(self.company.documents.filter(status=Document.Status.PENDING))

    def document_accept(self):
        if document := self._pending_document():
            document_services.document_accept(document=document, actor=self.advisor)

    def document_reject(self):
        if document := self._pending_document():
            comment = self._text("Mangler underskrift")
            document_services.document_reject(
                document=document, actor=self.advisor, comment=comment
            )

    def document_withdraw(self):
        if document := self._pending_document():
            document_services.document_withdraw(document=document, actor=self.client_user)

    # the anonymous questionnaire's rounds (listed on the case page)
    def round_start(self):
        questionnaire_services.round_start(
            company=self.company,
            actor=self.advisor,
            employee_count=5,
            closes_on=TODAY + dt.timedelta(days=14),
        )

    def round_close(self):
        if round_ := self._pick(self.company.questionnaire_rounds.filter(closed_on=None)):
            questionnaire_services.round_close(round_=round_, actor=self.advisor)

    def send_to_issuing_or_reopen(self):
        self.case.refresh_from_db()
        try:
            if self.case.status == self.case.Status.OPEN:
                certificate_services.case_send_to_issuing(case=self.case, actor=self.advisor)
            else:
                certificate_services.case_reopen(case=self.case, actor=self.advisor)
        except ValidationError:
            pass  # not eligible today: nothing changed

    def user_renamed_in_the_admin(self):
        """A name the page shows (who verified, who commented, who changed what)."""
        user = self.rng.choice([self.advisor, self.client_user])
        user.last_name = self._text("Etternavn")
        request = RequestFactory().post("/admin/")
        request.user = self.issuer
        site._registry[User].save_model(request, user, form=None, change=True)

    CHANGES = (
        "survey_create",
        "survey_update",
        "survey_verify",
        "survey_delete",
        "finding_create",
        "finding_update",
        "finding_delete",
        "risk_assessment_create",
        "risk_assessment_update",
        "risk_assessment_delete",
        "hazard_create",
        "hazard_update",
        "hazard_delete",
        "safety_round_create",
        "safety_round_update",
        "safety_round_delete",
        "action_item_create",
        "action_item_update",
        "action_item_set_status",
        "action_item_client_update",
        "action_item_delete",
        "company_update",
        "confirmation_record",
        "confirmation_withdraw",
        "document_upload",
        "document_accept",
        "document_reject",
        "document_withdraw",
        "round_start",
        "round_close",
        "send_to_issuing_or_reopen",
        "user_renamed_in_the_admin",
    )

    # The services these changes call, each to the change that calls it. Every service of
    # the project is here or in tests/staff/test_freshness.py's NOT_IN_THE_WORLD.
    SERVICES = {
        **{
            f"surveys.services.{name}": name
            for name in CHANGES
            if name.split("_")[0] in ("survey", "finding", "risk", "hazard", "safety")
            or (name.startswith("action_item_") and name != "action_item_client_update")
        },
        "portal.services.action_item_client_update": "action_item_client_update",
        "companies.services.company_update": "company_update",
        "certificates.services.confirmation_record": "confirmation_record",
        "certificates.services.confirmation_withdraw": "confirmation_withdraw",
        "certificates.services.case_send_to_issuing": "send_to_issuing_or_reopen",
        "certificates.services.case_reopen": "send_to_issuing_or_reopen",
        **{f"documents.services.{name}": name for name in CHANGES if name.startswith("document_")},
        "questionnaires.services.round_start": "round_start",
        "questionnaires.services.round_close": "round_close",
    }


def english_client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
