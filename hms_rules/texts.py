"""The rules engine's texts in bokmål and English: one small message table, no Django.

A criterion result carries ``Text`` values - a key into ``MESSAGES`` and the values to fill
in - not finished strings, so one decision can be shown in either language and rendering
costs nothing until a text is shown. ``Text.render("nb")`` / ``Text.render("en")`` fills in
the template of that language; dates are dd.mm.yyyy in both, a nested ``Text`` is rendered
in the same language, and the two joiner keys ``_join`` ("; ") and ``_list`` (", ") put
several texts together.

Pure like ``hms_rules``: standard library only. A later rule set that needs new
texts adds its keys to ``MESSAGES`` beside these (``add_messages``), never edits these.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

__all__ = ["LANGUAGES", "MESSAGES", "Text", "add_messages", "format_date", "language_of"]

LANGUAGES = ("nb", "en")
_INDEX = {"nb": 0, "en": 1}


@lru_cache(maxsize=4096)  # texts repeat the same few dates; a pure function, so cached
def format_date(d: date) -> str:
    """dd.mm.yyyy, the form used in every text, in both languages."""
    return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


def language_of(code: str | None) -> str:
    """ "en", "en-gb" ... -> "en"; anything else (bokmål, None) -> "nb"."""
    return "en" if code and code.lower().startswith("en") else "nb"


class Text(tuple):
    """A text of the message table, not yet rendered: ``key`` and the values it needs.

    ``Text(key, args)``; a tuple underneath, so immutable, compared by value and cheap to
    make (a decision with much missing makes a few dozen).
    """

    __slots__ = ()

    def __new__(cls, key: str, args: tuple = ()) -> Text:
        return tuple.__new__(cls, (key, args))

    @property
    def key(self) -> str:
        return self[0]

    @property
    def args(self) -> tuple:
        return self[1]

    def render(self, language: str = "nb") -> str:
        key, args = self
        values = [_value(arg, language) for arg in args]
        if key == "_join":
            return "; ".join(values)
        if key == "_list":
            return ", ".join(values)
        return MESSAGES[key][_INDEX[language]].format(*values)

    def __str__(self) -> str:
        return self.render("nb")

    def __repr__(self) -> str:
        return f"Text({self[0]!r}, {self[1]!r})"


def _value(arg: object, language: str) -> str:
    if isinstance(arg, Text):
        return arg.render(language)
    if isinstance(arg, date):
        return format_date(arg)
    return str(arg)


def add_messages(messages: dict[str, tuple[str, str]]) -> None:
    """Add a later rule set's texts; a key already in the table is refused."""
    for key in messages:
        if key in MESSAGES:
            raise ValueError(f"message {key!r} is already in the table")
    MESSAGES.update(messages)


_NOT_VERIFIED_NB = "er utført av andre og ikke verifisert av Bedriftstjenesten AS"
_NOT_VERIFIED_EN = "was done by others and has not been verified by Bedriftstjenesten AS"
_FORMAL_NB = "formaliserte arbeidsmiljø-/medarbeidersamtaler"
_FORMAL_EN = "formal work-environment/employee conversations"
_AFTER_NB = "er datert etter vurderingsdatoen {1}"
_AFTER_EN = "is dated after the assessment date {1}"
_ACTIVE_NB = "ikke rettet eller i aktiv utbedring"
_ACTIVE_EN = "corrected or being actively corrected"

# key: (bokmål, English). {0}, {1} ... are filled in by Text.render.
MESSAGES: dict[str, tuple[str, str]] = {
    # ---- the criteria themselves
    "B1": (
        "Verifisert fysisk kartlegging siste 12 måneder",
        "Verified physical survey in the last 12 months",
    ),
    "B2": (
        "Skriftlig rapport og handlingsplan fra den fysiske kartleggingen",
        "Written report and action plan from the physical survey",
    ),
    "B3": (
        "Dokumentert risikovurdering siste 12 måneder",
        "Documented risk assessment in the last 12 months",
    ),
    "B4": (
        "Alle fysiske tiltak i handlingsplanen er rettet eller i aktiv utbedring",
        "Every physical action item in the action plan is corrected or being actively corrected",
    ),
    "B5": (
        "Vernerunde eller annen dokumentert HMS-sikring av arbeid utenfor egne lokaler "
        "siste 12 måneder",
        "Safety round or other documented HSE measure for work outside the company's own "
        "premises in the last 12 months",
    ),
    "B5.not_applicable": (
        "Vernerunde for arbeid utenfor egne lokaler: ikke aktuelt, virksomheten utfører ikke "
        "en vesentlig del av arbeidet utenfor egne lokaler",
        "Safety round for work outside the company's own premises: not applicable, the "
        "company does not carry out a substantial part of its work outside its own premises",
    ),
    "A1": (
        f"Verifisert psykososial kartlegging med {_FORMAL_NB} siste 12 måneder",
        f"Verified psychosocial survey through {_FORMAL_EN} in the last 12 months",
    ),
    "A1.waiver": (
        "Psykososial kartlegging: unntak brukt – kartleggingen fra {0} (siste 24 måneder) ga "
        "ikke grunn til å anta behov for ny kartlegging etter 12 måneder",
        "Psychosocial survey: waiver used – the survey of {0} (last 24 months) gave no reason "
        "to expect a need for a new survey after 12 months",
    ),
    "A2": (
        "Skriftlig rapport fra den psykososiale kartleggingen er gjennomgått",
        "The written report of the psychosocial survey has been reviewed",
    ),
    "A3": (
        "Kartleggingene er utført med bistand fra Bedriftstjenesten AS, eller lovens "
        "minstekrav er dokumentert eller verifisert",
        "The surveys were carried out with the assistance of Bedriftstjenesten AS, or the "
        "legal minimum is documented or verified",
    ),
    "A4": (
        "Det arbeides kontinuerlig med forbedring av psykososiale forhold",
        "Psychosocial conditions are continuously being improved",
    ),
    "P1": (
        "Sertifisert i klasse A eller høyere foregående år",
        "Certified in class A or higher the previous year",
    ),
    "P2": (
        "Ledelsen har kontinuerlig fokus på HMS, ikke minst psykososiale forhold, utover det "
        "som er vanlig i bransjen",
        "Management keeps a continuous focus on HSE, psychosocial conditions above all, "
        "beyond what is usual in the industry",
    ),
    "P3": (
        "Konkret handlingsplan etter den psykososiale kartleggingen, og alle psykososiale "
        "tiltak er rettet eller i aktiv utbedring",
        "A concrete action plan follows from the psychosocial survey, and every psychosocial "
        "action item is corrected or being actively corrected",
    ),
    # ---- records: what is missing, and records dated after D
    "stale": (
        "{0} mangler: siste er fra {1}, mer enn 12 måneder før {2}",
        "{0} missing: the latest is from {1}, more than 12 months before {2}",
    ),
    "noun.physical": ("Fysisk kartlegging", "Physical survey"),
    "noun.physical.verified": ("Verifisert fysisk kartlegging", "Verified physical survey"),
    "noun.psychosocial": ("Psykososial kartlegging", "Psychosocial survey"),
    "noun.psychosocial.verified": (
        "Verifisert psykososial kartlegging",
        "Verified psychosocial survey",
    ),
    "noun.risk": ("Risikovurdering", "Risk assessment"),
    "noun.round": ("Vernerunde", "Safety round"),
    "after.physical": (
        f"Fysisk kartlegging fra {{0}} {_AFTER_NB}",
        f"The physical survey of {{0}} {_AFTER_EN}",
    ),
    "after.psychosocial": (
        f"Psykososial kartlegging fra {{0}} {_AFTER_NB}",
        f"The psychosocial survey of {{0}} {_AFTER_EN}",
    ),
    "after.risk": (
        f"Risikovurderingen fra {{0}} {_AFTER_NB}",
        f"The risk assessment of {{0}} {_AFTER_EN}",
    ),
    "after.round": (
        f"Vernerunden fra {{0}} {_AFTER_NB}",
        f"The safety round of {{0}} {_AFTER_EN}",
    ),
    "after.certificate": (
        f"Sertifikatet i klasse {{2}} fra {{0}} {_AFTER_NB}; A+ er mulig tidligst {{3}}",
        f"The class {{2}} certificate of {{0}} {_AFTER_EN}; A+ is possible from {{3}} at "
        "the earliest",
    ),
    # ---- B1-B5
    "B1.unverified": (
        f"Fysisk kartlegging fra {{0}} {_NOT_VERIFIED_NB}",
        f"The physical survey of {{0}} {_NOT_VERIFIED_EN}",
    ),
    "B1.none": (
        "Ingen verifisert fysisk kartlegging er registrert",
        "No verified physical survey is recorded",
    ),
    "B2.needs_b1": (
        "Forutsetter en verifisert fysisk kartlegging siste 12 måneder (B1)",
        "Requires a verified physical survey in the last 12 months (B1)",
    ),
    "B2.no_report_no_plan": (
        "Skriftlig rapport og handlingsplan mangler for fysisk kartlegging fra {0}",
        "The written report and the action plan are missing for the physical survey of {0}",
    ),
    "B2.no_report": (
        "Skriftlig rapport mangler for fysisk kartlegging fra {0}",
        "The written report is missing for the physical survey of {0}",
    ),
    "B2.no_plan": (
        "Handlingsplan mangler for fysisk kartlegging fra {0}",
        "The action plan is missing for the physical survey of {0}",
    ),
    "B3.none": ("Ingen risikovurdering er registrert", "No risk assessment is recorded"),
    "B5.none": (
        "Virksomheten utfører en vesentlig del av arbeidet utenfor egne lokaler, men ingen "
        "vernerunde eller annen HMS-sikring av det arbeidet er registrert",
        "The company carries out a substantial part of its work outside its own premises, "
        "but no safety round or other HSE measure for that work is recorded",
    ),
    # ---- action items (B4, P3)
    "items.physical.one": (
        f"{{0}} fysisk tiltak er {_ACTIVE_NB} ({{1}})",
        f"{{0}} physical action item is not {_ACTIVE_EN} ({{1}})",
    ),
    "items.physical.many": (
        f"{{0}} fysiske tiltak er {_ACTIVE_NB} ({{1}})",
        f"{{0}} physical action items are not {_ACTIVE_EN} ({{1}})",
    ),
    "items.psychosocial.one": (
        f"{{0}} psykososialt tiltak er {_ACTIVE_NB} ({{1}})",
        f"{{0}} psychosocial action item is not {_ACTIVE_EN} ({{1}})",
    ),
    "items.psychosocial.many": (
        f"{{0}} psykososiale tiltak er {_ACTIVE_NB} ({{1}})",
        f"{{0}} psychosocial action items are not {_ACTIVE_EN} ({{1}})",
    ),
    "items.open": ("{0} ikke påbegynt", "{0} not started"),
    "items.overdue.one": (
        "1 i arbeid, fristen gikk ut {0}",
        "1 in progress, its deadline passed on {0}",
    ),
    "items.overdue.many": (
        "{0} i arbeid der fristen gikk ut, eldste frist {1}",
        "{0} in progress whose deadlines passed, the oldest deadline {1}",
    ),
    "items.no_due": ("{0} i arbeid uten frist", "{0} in progress without a deadline"),
    # ---- A1-A4
    "A1.unverified": (
        f"Psykososial kartlegging fra {{0}} {_NOT_VERIFIED_NB}",
        f"The psychosocial survey of {{0}} {_NOT_VERIFIED_EN}",
    ),
    "A1.none": (
        "Ingen verifisert psykososial kartlegging er registrert",
        "No verified psychosocial survey is recorded",
    ),
    "A1.not_formal": (
        f"Psykososial kartlegging fra {{0}} er ikke gjennomført med {_FORMAL_NB}",
        f"The psychosocial survey of {{0}} was not done through {_FORMAL_EN}",
    ),
    "A1.stale.too_old": (
        "{0} (unntaket gjelder bare en kartlegging fra siste 24 måneder)",
        "{0} (the waiver applies only to a survey from the last 24 months)",
    ),
    "A1.stale.new_needed": (
        "{0} (unntaket krever at den ikke ga grunn til å anta behov for ny kartlegging "
        "etter 12 måneder)",
        "{0} (the waiver requires that it gave no reason to expect a need for a new survey "
        "after 12 months)",
    ),
    "A1.stale.not_formal": (
        f"{{0}} (unntaket krever at den var gjennomført med {_FORMAL_NB})",
        f"{{0}} (the waiver requires that it was done through {_FORMAL_EN})",
    ),
    "A2.needs_a1": (
        "Forutsetter en psykososial kartlegging som oppfyller A1",
        "Requires a psychosocial survey that meets A1",
    ),
    "A2.no_report": (
        "Skriftlig rapport mangler for psykososial kartlegging fra {0}",
        "The written report is missing for the psychosocial survey of {0}",
    ),
    "A2.not_reviewed": (
        "Rapporten fra psykososial kartlegging fra {0} er ikke gjennomgått",
        "The report of the psychosocial survey of {0} has not been reviewed",
    ),
    "A3.physical": (
        "Fysisk kartlegging fra {0} er utført av andre enn Bedriftstjenesten AS, og lovens "
        "minstekrav er ikke dokumentert eller verifisert: mangler {1}",
        "The physical survey of {0} was done by others than Bedriftstjenesten AS, and the "
        "legal minimum is not documented or verified: missing {1}",
    ),
    "A3.psychosocial": (
        "Psykososial kartlegging fra {0} er utført av andre enn Bedriftstjenesten AS, og "
        "lovens minstekrav er ikke dokumentert eller verifisert: mangler {1}",
        "The psychosocial survey of {0} was done by others than Bedriftstjenesten AS, and the "
        "legal minimum is not documented or verified: missing {1}",
    ),
    "A3.both": (
        "Fysisk kartlegging fra {0} og psykososial kartlegging fra {1} er utført av andre "
        "enn Bedriftstjenesten AS, og lovens minstekrav er ikke dokumentert eller "
        "verifisert: mangler {2}",
        "The physical survey of {0} and the psychosocial survey of {1} were done by others "
        "than Bedriftstjenesten AS, and the legal minimum is not documented or verified: "
        "missing {2}",
    ),
    "legal.employment_contracts": (
        "(a) skriftlige arbeidsavtaler med alle ansatte",
        "(a) written employment contracts with all employees",
    ),
    "legal.equipment_inspection": (
        "(b) arbeidsutstyr kontrollert og kontrollen dokumentert",
        "(b) work equipment inspected and the inspection documented",
    ),
    "legal.safety_representative": (
        "(c) verneombud (og evt. AMU) valgt og opplært",
        "(c) safety representative (and working environment committee where required) "
        "elected and trained",
    ),
    "legal.regulations": (
        "(d) oppdaterte forskrifter og veiledninger tilgjengelig",
        "(d) current regulations and guidance available",
    ),
    "legal.internal_control": (
        "(e) internkontrollsystem (HMS) i virksomheten",
        "(e) an internal control (HSE) system in the company",
    ),
    "A4.missing": (
        "Rådgiver har ikke registrert at det arbeides med forbedring av psykososiale forhold",
        "No advisor has recorded that work on improving psychosocial conditions is ongoing",
    ),
    # ---- P1-P3
    "P1.none": (
        "Ingen tidligere sertifikat i klasse A eller A+ er registrert; A+ forutsetter "
        "sertifikat i klasse A eller A+ fra en tidligere periode",
        "No earlier certificate of class A or A+ is recorded; A+ requires a certificate of "
        "class A or A+ from an earlier period",
    ),
    "P1.lower_class": (
        "Siste sertifikat (gyldig {0}–{1}) var i klasse B; A+ forutsetter sertifikat i "
        "klasse A eller A+ fra en tidligere periode",
        "The latest certificate (valid {0}–{1}) was of class B; A+ requires a certificate of "
        "class A or A+ from an earlier period",
    ),
    "P1.revoked": (
        "Sertifikatet i klasse {1} fra {0} er tilbakekalt og teller ikke",
        "The class {1} certificate of {0} has been revoked and does not count",
    ),
    "P1.revoked_on": (
        "Sertifikatet i klasse {1} fra {0} ble tilbakekalt {2} og teller ikke",
        "The class {1} certificate of {0} was revoked on {2} and does not count",
    ),
    "P1.expired": (
        "Siste sertifikat i klasse {1} var gyldig til {0}, mer enn 12 måneder før {2}",
        "The latest class {1} certificate was valid until {0}, more than 12 months before {2}",
    ),
    "P1.too_recent": (
        "Sertifikatet i klasse {1} fra {0} hører til inneværende periode (den begynte mindre "
        "enn 10 måneder før {2}); A+ er mulig tidligst {3}",
        "The class {1} certificate of {0} belongs to the current period (it began less than "
        "10 months before {2}); A+ is possible from {3} at the earliest",
    ),
    "P2.missing": (
        "Utsteder har ikke bekreftet ledelsens HMS-fokus med et skriftlig notat",
        "The issuer has not confirmed the management's focus on HSE with a written note",
    ),
    "P3.needs_a1": (
        "Forutsetter en psykososial kartlegging som oppfyller A1",
        "Requires a psychosocial survey that meets A1",
    ),
    "P3.no_plan": (
        "Handlingsplan mangler for psykososial kartlegging fra {0}",
        "The action plan is missing for the psychosocial survey of {0}",
    ),
}
