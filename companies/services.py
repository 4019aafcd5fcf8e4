"""State changes of companies and their client users: one function each, one transaction each.

Only issuers register companies and choose the responsible advisor; the responsible
advisor may keep the company's own details up to date. Every change is in the history
(django-simple-history, with the acting user).

A certificate vouches for one organisation number: while the company holds a valid
certificate, nobody may change its number (here, on the form and in the admin, which
both call ``organisation_number_change_check``). Its name and address may change; the
certificate keeps the identity it was issued with until an issuer reissues it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from stdnum.no import orgnr

from companies.models import COMPANY_FIELDS, Company, Membership
from hms_cert.history import save_with_history


def _check_advisor(advisor) -> None:
    if advisor is not None and not advisor.is_advisor:
        raise ValidationError({"advisor": _("Ansvarlig rådgiver må ha rollen rådgiver.")})


def organisation_number_change_check(*, company: Company, organisation_number: str) -> None:
    """Refuse a new organisation number while the company holds a valid certificate."""
    if company.pk is None or orgnr.compact(organisation_number or "") == (
        company.organisation_number
    ):
        return
    certificate = (
        company.certificates.running_for(company, timezone.localdate())
        .order_by("-valid_until")
        .first()
    )
    if certificate is None:
        return
    raise ValidationError(
        {
            "organisation_number": _(
                "Organisasjonsnummeret kan ikke endres: virksomheten har et gyldig "
                "sertifikat, %(number)s (klasse %(klass)s, gyldig til %(until)s), som gjelder "
                "organisasjonsnummer %(orgnr)s. Er nummeret feil, må sertifikatet "
                "tilbakekalles først. Er det en ny juridisk enhet, registrer den som en ny "
                "virksomhet og utsted sertifikat til den."
            )
            % {
                "number": certificate.number,
                "klass": certificate.klass,
                "until": date_format(certificate.valid_until, "d.m.Y"),
                "orgnr": certificate.organisation_number_display,
            }
        },
        code="certified_orgnr",
    )


def _normalise(data: dict) -> dict:
    unknown = set(data) - set(COMPANY_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields for Company: {sorted(unknown)}")
    if "organisation_number" in data:
        data = {**data, "organisation_number": orgnr.compact(data["organisation_number"] or "")}
    return data


def company_create(*, actor, **data) -> Company:
    if not actor.has_perm("companies.add_company"):
        raise PermissionDenied(_("Bare administrasjonen kan registrere virksomheter."))
    data = _normalise(data)
    _check_advisor(data.get("advisor"))
    company = Company(**data)
    company.full_clean()
    with transaction.atomic():
        save_with_history(company, actor=actor)
    return company


def company_update(*, company: Company, actor, **data) -> Company:
    """Change a company's details; only issuers may change the responsible advisor.

    Starts from the stored row (locked), not from the caller's instance, which a bound
    ModelForm may already have changed in memory.
    """
    if not actor.has_perm("companies.change_company", company):
        raise PermissionDenied(_("Du kan ikke endre denne virksomheten."))
    data = _normalise(data)
    with transaction.atomic():
        company = Company.objects.select_for_update(no_key=True).get(pk=company.pk)
        if "organisation_number" in data:
            organisation_number_change_check(
                company=company, organisation_number=data["organisation_number"]
            )
        if "advisor" in data and data["advisor"] != company.advisor:
            if not actor.has_perm("companies.assign_advisor", company):
                raise PermissionDenied(_("Bare administrasjonen kan bytte ansvarlig rådgiver."))
            _check_advisor(data["advisor"])
        changed = [name for name, value in data.items() if getattr(company, name) != value]
        if not changed:
            return company
        for name in changed:
            setattr(company, name, data[name])
        company.full_clean()
        save_with_history(company, actor=actor, update_fields=[*changed, "updated_at"])
    return company


def membership_add(*, company: Company, user, actor) -> Membership:
    """Give a client user access to the company's own pages (the client portal)."""
    if not actor.has_perm("companies.add_company"):
        raise PermissionDenied(_("Bare administrasjonen kan gi kundebrukere tilgang."))
    if not user.is_client:
        raise ValidationError(_("Bare kundebrukere kan knyttes til en virksomhet."))
    with transaction.atomic():
        membership, _created = Membership.objects.get_or_create(user=user, company=company)
    return membership
