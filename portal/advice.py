"""What a client can do about each unmet criterion, in plain words (bokmål and English).

The rules engine says what is missing; this says what the company itself can do next, for
a person with no HMS training. Keyed by criterion code; a code without advice shows none.
"""

from django.utils.translation import gettext_lazy as _

CLIENT_ADVICE = {
    "B1": _(
        "Gå gjennom arbeidsplassen med en fysisk kartlegging (lys, støy, inneklima, ergonomi, "
        "kjemikalier, maskiner), eller be rådgiveren om hjelp. Har dere gjort den selv, last "
        "opp rapporten, så verifiserer rådgiveren den."
    ),
    "B2": _(
        "Skriv ned hva kartleggingen fant, og lag en handlingsplan: ett tiltak per funn, med "
        "ansvarlig og frist. Last opp rapporten her."
    ),
    "B3": _(
        "Gjør en risikovurdering: list opp hva som kan gå galt i arbeidet, hvor sannsynlig det "
        "er og hvor alvorlig det blir, og hva dere gjør for å hindre det. Last den opp her."
    ),
    "B4": _(
        "Åpne tiltakene i handlingsplanen under: sett dem i gang, eller marker dem som utført "
        "med dokumentasjon. Trenger et tiltak ny frist, avtal det med rådgiveren."
    ),
    "B5": _(
        "Gjennomfør en vernerunde på et oppdrag utenfor egne lokaler (gjerne sammen med "
        "verneombudet), og last opp sjekklisten eller rapporten."
    ),
    "A1": _(
        "Gjennomfør en psykososial kartlegging med medarbeidersamtaler, eller avtal det med "
        "rådgiveren. Har dere gjort den selv, last opp dokumentasjonen."
    ),
    "A2": _(
        "Skriv en kort rapport fra den psykososiale kartleggingen og gå gjennom den med rådgiveren."
    ),
    "A3": _(
        "Last opp det som mangler: arbeidsavtaler, kontroll av arbeidsutstyr, bevis på at "
        "verneombudet er valgt og har fått opplæring, og beskrivelsen av internkontrollen."
    ),
    "A4": _(
        "Fortell rådgiveren hva dere gjør for å bedre det psykososiale arbeidsmiljøet, så "
        "registrerer rådgiveren det."
    ),
    "P1": _(
        "Klasse A+ krever at dere hadde klasse A året før. Hold på klasse A i år, så kan dere "
        "søke A+ ved neste fornyelse."
    ),
    "P2": _(
        "Vis administrasjonen hvordan ledelsen følger opp HMS, for eksempel referater fra "
        "HMS-møter. Ta kontakt med rådgiveren."
    ),
    "P3": _(
        "Lag tiltak for det den psykososiale kartleggingen fant, og hold dem i gang eller "
        "fullfør dem."
    ),
}
