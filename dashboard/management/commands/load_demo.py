"""Demonstration data: users of every role and a dozen companies in every interesting state.

Every date is relative to today (``timezone.localdate()``), so the demonstration shows
the same states whatever day it is loaded. Records are made through the services, as a
user would make them, so the audit trail says who did what. A company that already
exists (same organisation number) is left alone, so the command can be run again.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from stdnum.no import orgnr

import hms_rules as rules
from accounts.models import User
from certificates.decisions import case_facts_changed
from certificates.models import Certificate, CertificationCase, Confirmation
from certificates.services import (
    case_get_or_open,
    case_send_to_issuing,
    certificate_issue,
    confirmation_record,
)
from companies import services as companies
from companies.models import Company
from documents.models import Category
from documents.services import document_accept, document_upload
from hms_cert.history import save_with_history
from surveys import services as surveys
from surveys.models import ActionItem, Area, Finding, Survey

DEMO_PASSWORD = "hms-demo-2026"  # noqa: S105 - documented demo login, development only

PEOPLE = [
    ("admin", "Ada", "Administrator", User.Role.ISSUER, True),
    ("radgiver", "Rita", "Rådgiver", User.Role.ADVISOR, False),
    ("radgiver2", "Rolf", "Rådgiversen", User.Role.ADVISOR, False),
    ("utsteder", "Ulf", "Utsteder", User.Role.ISSUER, False),
    ("kunde1", "Kari", "Kunde", User.Role.CLIENT, False),
    ("kunde2", "Kåre", "Kundesen", User.Role.CLIENT, False),
]

# The advisors' phone numbers, shown to their clients on Min side (fictitious).
DEMO_PHONES = {"radgiver": "22 33 44 55", "radgiver2": "22 33 44 56"}

PHYSICAL = Survey.Kind.PHYSICAL
PSYCHOSOCIAL = Survey.Kind.PSYCHOSOCIAL
OURS = Survey.Provider.BEDRIFTSTJENESTEN
EXTERNAL = Survey.Provider.EXTERNAL
OPEN = ActionItem.Status.OPEN
IN_PROGRESS = ActionItem.Status.IN_PROGRESS
DONE = ActionItem.Status.DONE


def organisation_number(n: int) -> str:
    """A valid (MOD11) organisation number in the 92x range, a different one for every n."""
    base = 92000000 + 2 * n
    for candidate in (base, base + 1):
        for check in "0123456789":
            if orgnr.is_valid(f"{candidate}{check}"):
                return f"{candidate}{check}"
    raise AssertionError(n)


@dataclass
class Demo:
    """Builds the companies; ``ago(n)`` is the date n days before today."""

    today: date
    admin: User
    advisor: User
    second_advisor: User
    issuer: User
    numbers: set[str] = field(default_factory=set)  # organisation numbers of the demo

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def ahead(self, days: int) -> date:
        return self.today + timedelta(days=days)

    # Building blocks

    def company(self, n: int, name: str, *, advisor=None, **details) -> Company | None:
        number = organisation_number(n)
        self.numbers.add(number)
        if Company.objects.filter(organisation_number=number).exists():
            return None
        details = {"employee_count": 12, "industry": "Kontor", "address": "Oslo"} | details
        return companies.company_create(
            actor=self.admin,
            name=name,
            organisation_number=number,
            advisor=advisor or self.advisor,
            **details,
        )

    def case(self, company: Company) -> CertificationCase:
        return case_get_or_open(company=company, year=self.today.year, actor=self.advisor)

    def survey(self, company, kind, days_ago, *, provider=OURS, verified_days_ago=None, **flags):
        data = {"has_written_report": True} | flags
        survey = surveys.survey_create(
            company=company,
            actor=company.advisor,
            kind=kind,
            performed_on=self.ago(days_ago),
            provider=provider,
            **data,
        )
        if verified_days_ago is not None:
            survey = surveys.survey_verify(
                survey=survey, actor=company.advisor, on=self.ago(verified_days_ago)
            )
        return survey

    def finding(self, survey, description, location="", severity=Finding.Severity.MEDIUM):
        return surveys.finding_create(
            survey=survey,
            actor=survey.company.advisor,
            description=description,
            location=location,
            severity=severity,
        )

    def item(self, company, measure, *, due_in, status=IN_PROGRESS, area=Area.PHYSICAL, **links):
        return surveys.action_item_create(
            company=company,
            actor=company.advisor,
            area=area,
            measure=measure,
            responsible=links.pop("responsible", "Daglig leder"),
            due_date=self.ahead(due_in),
            status=status,
            **links,
        )

    def risk_assessment(self, company, days_ago, title, hazards):
        return surveys.risk_assessment_create(
            company=company,
            actor=company.advisor,
            performed_on=self.ago(days_ago),
            title=title,
            hazards=[
                {"description": d, "probability": p, "consequence": c, "measure": m}
                for d, p, c, m in hazards
            ],
        )

    def confirm(self, case, kind, text="", *, actor=None, days_ago=5):
        return confirmation_record(
            case=case,
            kind=kind,
            text=text,
            confirmed_on=self.ago(days_ago),
            actor=actor or self.advisor,
        )

    def class_b_basis(self, company, *, days_ago=90):
        """A verified physical survey with report and action plan, and a risk assessment."""
        survey = self.survey(company, PHYSICAL, days_ago)
        finding = self.finding(survey, "Dårlig belysning ved arbeidsplassene", "Kontorlandskap")
        self.item(company, "Skifte lysarmaturer i kontorlandskapet", due_in=45, finding=finding)
        self.item(company, "Justere skjermer og stoler", due_in=-10, status=DONE, survey=survey)
        self.risk_assessment(
            company,
            days_ago - 5,
            "Kontorarbeid",
            [
                ("Belastningsskader ved skjermarbeid", 3, 2, "Hev-senk-pulter"),
                ("Snubling i kabler", 2, 2, "Kabelkanaler"),
                ("Brann i tekjøkken", 1, 5, "Komfyrvakt"),
            ],
        )
        return survey

    def psychosocial(self, company, days_ago, *, provider=OURS, verified_days_ago=None, **flags):
        flags = {"report_reviewed": True, "formal_conversations": True} | flags
        return self.survey(
            company,
            PSYCHOSOCIAL,
            days_ago,
            provider=provider,
            verified_days_ago=verified_days_ago,
            **flags,
        )

    def last_years_certificate(
        self, company, klass: str, valid_from: date, *, improvement_note: str = ""
    ) -> Certificate:
        """Last year's case, issued through ``certificate_issue`` as of ``valid_from``.

        The case is put straight in the issuers' queue (sending it today would decide on
        today's facts, not last year's); issuing then decides on ``valid_from``, draws the
        number and sets route and fee as for any certificate. Only the issuing time is
        moved back afterwards, so the demonstration's dates agree.
        """
        case = CertificationCase(
            company=company,
            year=self.today.year - 1,
            status=CertificationCase.Status.READY,
            sent_to_issuing_by=self.advisor,
        )
        save_with_history(case, actor=self.issuer)
        if improvement_note:
            confirmation_record(
                case=case,
                kind=Confirmation.Kind.PSYCHOSOCIAL_IMPROVEMENT,
                text=improvement_note,
                confirmed_on=valid_from - timedelta(days=10),
                actor=self.advisor,
            )
        certificate = certificate_issue(case=case, klass=klass, actor=self.issuer, on=valid_from)
        certificate.issued_at = timezone.now() - (self.today - valid_from)
        Certificate.objects.filter(pk=certificate.pk).update(issued_at=certificate.issued_at)
        return certificate

    # The companies, one state each

    def no_surveys_yet(self):
        company = self.company(1, "Nybakt Kafé AS", industry="Servering", employee_count=6)
        if company:
            self.case(company)

    def class_b(self):
        company = self.company(2, "Berg Regnskap AS", industry="Regnskap", employee_count=18)
        if company:
            self.case(company)
            self.class_b_basis(company)
        return company

    def class_a_external(self):
        """Own surveys, verified by us; legal minimum confirmed (A3); pays the fee."""
        company = self.company(
            3,
            "Lysaker Eiendom AS",
            industry="Eiendomsforvaltning",
            employee_count=25,
            follow_up_agreement=False,
        )
        if not company:
            return
        case = self.case(company)
        survey = self.survey(company, PHYSICAL, 120, provider=EXTERNAL, verified_days_ago=100)
        self.item(company, "Merke rømningsveier i kjelleren", due_in=20, survey=survey)
        self.psychosocial(company, 110, provider=EXTERNAL, verified_days_ago=100)
        self.risk_assessment(
            company, 115, "Vaktmestertjeneste", [("Fall fra stige", 2, 4, "Stigeopplæring")]
        )
        for kind in Confirmation.LEGAL_KINDS:
            self.confirm(case, kind, "Dokumentasjonen er gjennomgått på stedet.")
        self.confirm(
            case,
            Confirmation.Kind.PSYCHOSOCIAL_IMPROVEMENT,
            "Oppfølging av medarbeidersamtalene i hvert personalmøte.",
        )

    def class_a_plus(self):
        """Last year's A, this year's A with management focus: waiting for the issuer."""
        company = self.company(4, "Nordlys Barnehage AS", industry="Barnehage", employee_count=32)
        if not company:
            return None
        # Last year's work, and the certificate it earned (11 months ago: an earlier period).
        last_year = self.survey(company, PHYSICAL, 380)
        self.item(company, "Nye puter i sovesalen", due_in=-330, status=DONE, survey=last_year)
        self.psychosocial(company, 370, no_significant_deviations=True)
        self.risk_assessment(company, 375, "Uteområdet", [("Klemskader i porten", 2, 3, "")])
        self.last_years_certificate(
            company,
            rules.CLASS_A,
            self.ago(330),
            improvement_note="Medarbeidersamtalene følges opp på hvert personalmøte.",
        )
        # This year.
        case = self.case(company)
        self.class_b_basis(company, days_ago=60)
        psychosocial = self.psychosocial(company, 50)
        finding = self.finding(psychosocial, "Høyt arbeidspress i stengetiden", severity="HIGH")
        self.item(
            company,
            "Bemanningsplan for ettermiddagene",
            due_in=60,
            area=Area.PSYCHOSOCIAL,
            finding=finding,
            responsible="Styrer",
        )
        self.item(
            company,
            "Felles planleggingsdag",
            due_in=-5,
            status=DONE,
            area=Area.PSYCHOSOCIAL,
            survey=psychosocial,
        )
        self.confirm(
            case, Confirmation.Kind.PSYCHOSOCIAL_IMPROVEMENT, "Arbeidsmiljøgruppe møtes månedlig."
        )
        self.confirm(
            case,
            Confirmation.Kind.MANAGEMENT_FOCUS,
            "Styrer følger opp medarbeidersamtalene personlig og rapporterer til eier.",
            actor=self.issuer,
        )
        case_send_to_issuing(case=case, actor=self.advisor)
        return company

    def overdue_items(self):
        company = self.company(
            5, "Vestby Mekaniske AS", industry="Verkstedindustri", employee_count=40
        )
        if not company:
            return
        self.case(company)
        survey = self.survey(company, PHYSICAL, 150)
        noise = self.finding(survey, "Støy over grenseverdi ved dreiebenk", "Verksted", "HIGH")
        self.item(company, "Støyskjerming rundt dreiebenken", due_in=-30, finding=noise)
        self.item(
            company, "Hørselvern tilgjengelig ved inngangen", due_in=-12, status=OPEN, survey=survey
        )
        self.item(company, "Avsug over sveiseplass", due_in=40, survey=survey)
        self.risk_assessment(
            company,
            140,
            "Verkstedet",
            [
                ("Støyskade", 4, 3, "Skjerming"),
                ("Kuttskader", 3, 3, "Verneutstyr"),
                ("Truckpåkjørsel", 2, 5, "Gangfelt"),
                ("Sveiserøyk", 4, 4, "Avsug"),
            ],
        )

    def off_site_without_safety_round(self):
        company = self.company(
            6,
            "Hansen & Sønn Elektro AS",
            industry="Elektroinstallasjon",
            employee_count=14,
            off_site_work=True,
        )
        if company:
            self.case(company)
            self.class_b_basis(company, days_ago=70)

    def off_site_with_safety_round(self):
        company = self.company(
            7, "Tømrer Olsen AS", industry="Bygg og anlegg", employee_count=9, off_site_work=True
        )
        if not company:
            return
        self.case(company)
        self.class_b_basis(company, days_ago=100)
        surveys.safety_round_create(
            company=company,
            actor=company.advisor,
            performed_on=self.ago(40),
            location="Byggeplass Lørenskog",
            notes="Stillas og sikring i orden. Manglende rekkverk i trapp utbedret samme dag.",
        )

    def discretionary_b(self):
        """No physical survey; psychosocial conditions are what matter here."""
        company = self.company(8, "Solsiden Legesenter AS", industry="Helse", employee_count=11)
        if not company:
            return
        case = self.case(company)
        self.psychosocial(company, 80)
        self.confirm(
            case,
            Confirmation.Kind.DISCRETIONARY,
            "Kontorvirksomhet uten særlige fysiske belastninger; psykososiale forhold er "
            "virksomhetens hovedutfordring og er kartlagt.",
        )

    def unverified_external(self):
        company = self.company(
            9,
            "Havblikk Hotell AS",
            industry="Overnatting",
            employee_count=45,
            follow_up_agreement=False,
        )
        if not company:
            return
        self.case(company)
        survey = self.survey(company, PHYSICAL, 30, provider=EXTERNAL)
        self.item(company, "Nye sklisikre matter i oppvasken", due_in=30, survey=survey)
        self.risk_assessment(company, 28, "Kjøkken", [("Brannskader", 3, 3, "Opplæring")])

    def waiver(self):
        """Last year's psychosocial survey found no reason to repeat it after 12 months."""
        company = self.company(10, "Grønland Transport AS", industry="Transport")
        if not company:
            return
        case = self.case(company)
        self.class_b_basis(company, days_ago=45)
        self.psychosocial(company, 540, no_new_survey_needed=True, no_significant_deviations=True)
        self.confirm(case, Confirmation.Kind.PSYCHOSOCIAL_IMPROVEMENT, "Sjåførmøter hver måned.")

    def certificate_expiring_soon(self):
        company = self.company(11, "Kløver Tannklinikk AS", industry="Helse", employee_count=8)
        if not company:
            return
        self.class_b_basis(company, days_ago=380)
        self.last_years_certificate(company, rules.CLASS_B, self.ago(345))
        self.case(company)
        self.class_b_basis(company, days_ago=20)

    def second_advisors_companies(self):
        company = self.company(
            12, "Skansen Bygg AS", advisor=self.second_advisor, industry="Bygg og anlegg"
        )
        if company:
            self.case(company)
            self.class_b_basis(company, days_ago=110)
        company = self.company(
            13, "Mølla Frisør AS", advisor=self.second_advisor, industry="Frisør", employee_count=4
        )
        if company:
            self.case(company)


class Command(BaseCommand):
    help = "Laster demonstrasjonsdata (brukere, virksomheter og saker)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Gjør ingenting hvis databasen allerede har brukere.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("Databasen har allerede data; demonstrasjonsdata lastes ikke.")
            return
        with transaction.atomic():
            users = self._load_users()
            self._load_companies(users)
        self.stdout.write(self.style.SUCCESS("Demonstrasjonsdata lastet."))

    def _load_users(self) -> dict[str, User]:
        users = {}
        for username, first, last, role, superuser in PEOPLE:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.no",
                    "role": role,
                    "is_staff": superuser,
                    "is_superuser": superuser,
                    "phone": DEMO_PHONES.get(username, ""),
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            users[username] = user
        return users

    def _load_companies(self, users: dict[str, User]) -> None:
        demo = Demo(
            today=timezone.localdate(),
            admin=users["admin"],
            advisor=users["radgiver"],
            second_advisor=users["radgiver2"],
            issuer=users["utsteder"],
        )
        demo.no_surveys_yet()
        berg = demo.class_b()
        demo.class_a_external()
        nordlys = demo.class_a_plus()
        demo.overdue_items()
        demo.off_site_without_safety_round()
        demo.off_site_with_safety_round()
        demo.discretionary_b()
        demo.unverified_external()
        demo.waiver()
        demo.certificate_expiring_soon()
        demo.second_advisors_companies()
        berg = berg or Company.objects.get(organisation_number=organisation_number(2))
        nordlys = nordlys or Company.objects.get(organisation_number=organisation_number(4))
        companies.membership_add(company=berg, user=users["kunde1"], actor=demo.admin)
        companies.membership_add(company=nordlys, user=users["kunde2"], actor=demo.admin)
        if not berg.documents.exists():
            demo_documents(
                berg, client=users["kunde1"], advisor=users["radgiver"], today=demo.today
            )
        # The building blocks write some records directly, not through the services.
        for pk in Company.objects.filter(organisation_number__in=demo.numbers).values_list(
            "pk", flat=True
        ):
            case_facts_changed(company=pk)


def _demo_pdf(title: str, body: str) -> bytes:
    html = f"<h1>{title}</h1><p>{body}</p><p><em>Demonstrasjonsdokument.</em></p>"
    return weasyprint.HTML(string=html).write_pdf()


def demo_documents(company, *, client, advisor, today: date) -> None:
    """Two uploads by the client: one accepted by the advisor, one waiting for review."""
    accepted = document_upload(
        company=company,
        actor=client,
        file=SimpleUploadedFile(
            "internkontroll.pdf",
            _demo_pdf("HMS-håndbok", "Internkontrollsystemet, revidert i år."),
            "application/pdf",
        ),
        category=Category.INTERNAL_CONTROL,
        criterion="A3e",
        effective_from=today - timedelta(days=30),
        description="HMS-håndboken, revidert i år",
    )
    document_accept(document=accepted, actor=advisor, comment="Ser bra ut.")
    document_upload(
        company=company,
        actor=client,
        file=SimpleUploadedFile(
            "arbeidsavtaler.pdf",
            _demo_pdf("Arbeidsavtaler", "Oversikt over skriftlige arbeidsavtaler."),
            "application/pdf",
        ),
        category=Category.EMPLOYMENT_CONTRACTS,
        criterion="A3a",
        effective_from=today - timedelta(days=5),
        description="Oversikt over arbeidsavtaler for alle 18 ansatte",
    )
