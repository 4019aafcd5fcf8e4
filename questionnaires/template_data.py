# ruff: noqa: E501  (questionnaire wording is data; its lines are kept whole)
"""The project's own questionnaire, version 1, in bokmål and English.

Kept as data for the data migration (0002) to load; a later version is added beside it
as a new template version, never by editing this one, so old rounds keep their wording.
Short scales in the spirit of QPS Nordic and ARK; statements answered 1 (helt uenig) to
5 (helt enig). ``reverse`` marks statements where agreeing is bad.
"""

KEY = "psykososial"
VERSION = 1
TITLE = ("Psykososialt arbeidsmiljø", "Psychosocial work environment")
FREE_TEXT = (
    "Er det noe annet du vil si om arbeidsmiljøet? Ikke skriv navn.",
    "Is there anything else you want to say about the work environment? Do not write names.",
)

# (key, (title nb, en), (guide nb, en), [(key, nb, en, reverse), ...])
THEMES = [
    (
        "demands",
        ("Krav i jobben", "Job demands"),
        (
            "Hvilke oppgaver tar mest tid? Når blir arbeidsmengden for stor, og hva kan tas bort?",
            "Which tasks take the most time? When does the workload get too big, and what could go?",
        ),
        [
            (
                "demands_time",
                "Jeg har nok tid til arbeidsoppgavene mine.",
                "I have enough time for my tasks.",
                False,
            ),
            (
                "demands_pace",
                "Jeg må arbeide i et så høyt tempo at det går ut over meg.",
                "I have to work at a pace so high that it wears me down.",
                True,
            ),
            (
                "demands_overtime",
                "Jeg må ofte jobbe ut over vanlig arbeidstid for å bli ferdig.",
                "I often have to work beyond normal hours to get things done.",
                True,
            ),
        ],
    ),
    (
        "control",
        ("Kontroll over eget arbeid", "Control over own work"),
        (
            "Hvor kan den enkelte bestemme mer selv: rekkefølge, tempo, metode?",
            "Where could each person decide more: order, pace, method?",
        ),
        [
            (
                "control_order",
                "Jeg kan selv bestemme i hvilken rekkefølge jeg gjør oppgavene.",
                "I can decide myself in which order I do my tasks.",
                False,
            ),
            (
                "control_influence",
                "Jeg har innflytelse på beslutninger som gjelder arbeidet mitt.",
                "I have a say in decisions that concern my work.",
                False,
            ),
        ],
    ),
    (
        "role",
        ("Rolleklarhet", "Role clarity"),
        (
            "Er det uklart hvem som skal gjøre hva? Hvilke forventninger bør skrives ned?",
            "Is it unclear who does what? Which expectations should be written down?",
        ),
        [
            (
                "role_goals",
                "Jeg vet hva som forventes av meg i jobben.",
                "I know what is expected of me at work.",
                False,
            ),
            (
                "role_responsibility",
                "Det er klart hva som er mitt ansvar.",
                "It is clear what my responsibilities are.",
                False,
            ),
            (
                "role_conflict",
                "Jeg får motstridende krav fra ulike personer.",
                "I get conflicting demands from different people.",
                True,
            ),
        ],
    ),
    (
        "leader",
        ("Støtte fra nærmeste leder", "Support from nearest leader"),
        (
            "Hva trenger medarbeiderne fra leder: tilgjengelighet, tilbakemelding, hjelp til å prioritere?",
            "What do employees need from their leader: availability, feedback, help to prioritise?",
        ),
        [
            (
                "leader_help",
                "Jeg får hjelp og støtte fra nærmeste leder når jeg trenger det.",
                "I get help and support from my nearest leader when I need it.",
                False,
            ),
            (
                "leader_listen",
                "Nærmeste leder lytter når jeg tar opp problemer i jobben.",
                "My nearest leader listens when I raise problems at work.",
                False,
            ),
        ],
    ),
    (
        "colleagues",
        ("Støtte fra kolleger", "Support from colleagues"),
        (
            "Hvordan hjelper vi hverandre i travle perioder? Hvem blir stående alene?",
            "How do we help each other in busy periods? Who is left on their own?",
        ),
        [
            (
                "colleagues_help",
                "Jeg får hjelp og støtte fra kollegene mine når jeg trenger det.",
                "I get help and support from my colleagues when I need it.",
                False,
            ),
            (
                "colleagues_climate",
                "Vi har et godt samarbeidsklima på arbeidsplassen.",
                "We work well together at my workplace.",
                False,
            ),
        ],
    ),
    (
        "recognition",
        ("Anerkjennelse", "Recognition"),
        (
            "Hvordan blir godt arbeid sett og sagt? Hva kan gjøres oftere?",
            "How is good work noticed and said? What could be done more often?",
        ),
        [
            (
                "recognition_valued",
                "Arbeidet mitt blir verdsatt av nærmeste leder.",
                "My work is valued by my nearest leader.",
                False,
            ),
            (
                "recognition_fair",
                "Jeg blir behandlet rettferdig på arbeidsplassen.",
                "I am treated fairly at work.",
                False,
            ),
        ],
    ),
    (
        "bullying",
        ("Mobbing og trakassering", "Bullying and harassment"),
        (
            "Vet alle hvordan de varsler og hva som skjer da? Hva gjør vi når noen opplever mobbing"
            " eller trakassering? Ikke be om eller skriv ned enkelthendelser med navn i samtalen.",
            "Does everyone know how to report and what happens then? What do we do when someone "
            "experiences bullying or harassment? Do not ask for or write down named incidents.",
        ),
        [
            (
                "bullying_experienced",
                "Jeg har de siste seks månedene opplevd mobbing, trakassering eller utfrysing på jobben.",
                "In the last six months I have experienced bullying, harassment or exclusion at work.",
                True,
            ),
            (
                "bullying_seen",
                "Jeg har de siste seks månedene sett at andre blir mobbet eller trakassert.",
                "In the last six months I have seen others bullied or harassed.",
                True,
            ),
            (
                "bullying_report",
                "Jeg vet hvordan jeg kan si fra (varsle) om kritikkverdige forhold.",
                "I know how to report (whistle-blow) on unacceptable conditions.",
                False,
            ),
        ],
    ),
    (
        "balance",
        ("Arbeid og privatliv", "Work and private life"),
        (
            "Når går jobben ut over fritid og familie? Hva er avtalt om å være tilgjengelig etter arbeidstid?",
            "When does work eat into free time and family? What is agreed about being reachable after hours?",
        ),
        [
            (
                "balance_energy",
                "Jobben tar så mye krefter at det går ut over privatlivet.",
                "Work takes so much energy that it affects my private life.",
                True,
            ),
            (
                "balance_offhours",
                "Jeg kan koble av fra jobben i fritiden.",
                "I can switch off from work in my free time.",
                False,
            ),
        ],
    ),
]
