"""The rules engine's criterion texts, marked for the translation catalogue.

``certificates/rules.py`` is pure (no Django) and states its criteria in bokmål. The same
texts are listed here with ``gettext_noop`` so that makemessages puts them in the
catalogue, and the decision templates show them with ``{% translate criterion.text %}``:
a client who chose English reads the criteria in English. A test keeps this list equal
to the engine's.
"""

from django.utils.translation import gettext_noop

CRITERION_TEXTS = (
    gettext_noop("Verifisert fysisk kartlegging siste 12 måneder"),
    gettext_noop("Skriftlig rapport og handlingsplan fra den fysiske kartleggingen"),
    gettext_noop("Dokumentert risikovurdering siste 12 måneder"),
    gettext_noop("Alle fysiske tiltak i handlingsplanen er rettet eller i aktiv utbedring"),
    gettext_noop(
        "Vernerunde eller annen dokumentert HMS-sikring av arbeid utenfor egne lokaler "
        "siste 12 måneder"
    ),
    gettext_noop(
        "Vernerunde for arbeid utenfor egne lokaler: ikke aktuelt, virksomheten utfører ikke "
        "en vesentlig del av arbeidet utenfor egne lokaler"
    ),
    gettext_noop(
        "Verifisert psykososial kartlegging med formaliserte arbeidsmiljø-/medarbeidersamtaler "
        "siste 12 måneder"
    ),
    gettext_noop("Skriftlig rapport fra den psykososiale kartleggingen er gjennomgått"),
    gettext_noop(
        "Kartleggingene er utført med bistand fra Bedriftstjenesten AS, eller lovens "
        "minstekrav er dokumentert eller verifisert"
    ),
    gettext_noop("Det arbeides kontinuerlig med forbedring av psykososiale forhold"),
    gettext_noop("Sertifisert i klasse A eller høyere foregående år"),
    gettext_noop(
        "Ledelsen har kontinuerlig fokus på HMS, ikke minst psykososiale forhold, utover det "
        "som er vanlig i bransjen"
    ),
    gettext_noop(
        "Konkret handlingsplan etter den psykososiale kartleggingen, og alle psykososiale "
        "tiltak er rettet eller i aktiv utbedring"
    ),
)
