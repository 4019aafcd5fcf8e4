"""The two checklists shipped with the system, written for this project.

Installed by the data migration ``0002_checklists`` only (reading the current checklist
never writes; the tests put them back after a flush, tests/conftest.py); a later change to
the checklists is made in the admin (a new version), not here. Each item: question,
English question, guidance, English guidance, regulation.
"""

AML = "Arbeidsmiljøloven"
AP = "Arbeidsplassforskriften"
AF = "Forskrift om utførelse av arbeid"
IK = "Internkontrollforskriften"
ORG = "Forskrift om organisering, ledelse og medvirkning"
TEK = "Forskrift om tiltaksverdier og grenseverdier"

PHYSICAL = {
    "key": "fysisk-kartlegging",
    "kind": "physical",
    "title": "Fysisk kartlegging",
    "title_en": "Physical work environment survey",
    "sections": [
        (
            "Lokaler og rømningsveier",
            "Premises and escape routes",
            [
                (
                    "Er gulv, trapper og ganger fri for snublefarer?",
                    "Are floors, stairs and passages free of tripping hazards?",
                    "Se etter løse ledninger, ujevnheter og glatte flater.",
                    "Look for loose cables, uneven and slippery surfaces.",
                    f"{AP} § 2-4",
                ),
                (
                    "Er rømningsveier merket, opplyst og frie?",
                    "Are escape routes marked, lit and unobstructed?",
                    "Dører skal kunne åpnes innenfra uten nøkkel.",
                    "Doors must open from the inside without a key.",
                    f"{AP} § 2-15",
                ),
                (
                    "Er lokalene rene og ryddige?",
                    "Are the premises clean and tidy?",
                    "",
                    "",
                    f"{AP} § 2-2",
                ),
                (
                    "Finnes det egnede garderober, toaletter og spiserom?",
                    "Are there suitable changing rooms, toilets and a lunch room?",
                    "",
                    "",
                    f"{AP} kap. 3",
                ),
            ],
        ),
        (
            "Belysning",
            "Lighting",
            [
                (
                    "Er belysningen tilstrekkelig for arbeidet som utføres?",
                    "Is the lighting sufficient for the work done?",
                    "Mål gjerne lysnivået (lux) ved arbeidsplassene.",
                    "Measure the light level (lux) at the workplaces if you can.",
                    f"{AP} § 2-14",
                ),
                (
                    "Er blending og refleksjoner unngått?",
                    "Are glare and reflections avoided?",
                    "",
                    "",
                    f"{AP} § 2-14",
                ),
                (
                    "Finnes nødlys der strømbrudd kan gi fare?",
                    "Is there emergency lighting where a power cut could be dangerous?",
                    "",
                    "",
                    f"{AP} § 2-15",
                ),
            ],
        ),
        (
            "Inneklima og ventilasjon",
            "Indoor climate and ventilation",
            [
                (
                    "Er temperaturen tilpasset arbeidet?",
                    "Is the temperature suited to the work?",
                    "",
                    "",
                    f"{AP} § 2-13",
                ),
                (
                    "Er ventilasjonen tilstrekkelig og vedlikeholdt?",
                    "Is ventilation sufficient and maintained?",
                    "Spør etter service- og filterskiftrapport.",
                    "Ask for the service and filter change report.",
                    f"{AP} § 2-13",
                ),
                (
                    "Er det fritt for fukt, mugg og lukt?",
                    "Is the place free of damp, mould and odours?",
                    "",
                    "",
                    f"{AP} § 2-13",
                ),
            ],
        ),
        (
            "Støy",
            "Noise",
            [
                (
                    "Er støynivået kartlagt der det kan være høyt?",
                    "Has the noise level been measured where it may be high?",
                    "Tiltaksverdi 80 dB(A) over en arbeidsdag.",
                    "Action value 80 dB(A) over a working day.",
                    f"{TEK} § 2-2",
                ),
                (
                    "Brukes hørselvern der det trengs?",
                    "Is hearing protection used where needed?",
                    "",
                    "",
                    f"{AF} § 14-4",
                ),
                (
                    "Er støykilder skjermet eller dempet?",
                    "Are noise sources screened or dampened?",
                    "",
                    "",
                    f"{AF} § 14-3",
                ),
            ],
        ),
        (
            "Ergonomi og tunge løft",
            "Ergonomics and heavy lifting",
            [
                (
                    "Er tunge løft vurdert og hjelpemidler tilgjengelige?",
                    "Are heavy lifts assessed and lifting aids available?",
                    "",
                    "",
                    f"{AF} § 14-6",
                ),
                (
                    "Unngås ensidig gjentatt arbeid og belastende stillinger?",
                    "Are repetitive work and straining postures avoided?",
                    "",
                    "",
                    f"{AF} § 14-6",
                ),
                (
                    "Kan arbeidshøyder tilpasses den enkelte?",
                    "Can working heights be adjusted to each person?",
                    "",
                    "",
                    f"{AP} § 2-12",
                ),
            ],
        ),
        (
            "Skjermarbeid",
            "Screen work",
            [
                (
                    "Er skjermarbeidsplassene riktig innredet?",
                    "Are screen workstations correctly arranged?",
                    "Skjerm, stol, bord og lys.",
                    "Screen, chair, desk and light.",
                    f"{AF} § 23-2",
                ),
                (
                    "Får de ansatte synsundersøkelse ved behov?",
                    "Do employees get an eye test when needed?",
                    "",
                    "",
                    f"{AF} § 23-4",
                ),
                (
                    "Har de ansatte mulighet for pauser og variasjon?",
                    "Can employees take breaks and vary their work?",
                    "",
                    "",
                    f"{AF} § 23-3",
                ),
            ],
        ),
        (
            "Kjemikalier og stoffkartotek",
            "Chemicals and substance register",
            [
                (
                    "Finnes et oppdatert stoffkartotek med sikkerhetsdatablad?",
                    "Is there an up-to-date substance register with safety data sheets?",
                    "",
                    "",
                    f"{AF} § 1-2",
                ),
                (
                    "Er kjemikalier riktig merket og lagret?",
                    "Are chemicals correctly labelled and stored?",
                    "",
                    "",
                    f"{AF} § 1-3",
                ),
                (
                    "Er det vurdert om farlige kjemikalier kan byttes ut?",
                    "Has substituting dangerous chemicals been considered?",
                    "",
                    "",
                    f"{AF} § 2-2",
                ),
                (
                    "Vet de ansatte hvordan kjemikaliene skal håndteres?",
                    "Do employees know how to handle the chemicals?",
                    "",
                    "",
                    f"{AF} § 3-1",
                ),
            ],
        ),
        (
            "Maskiner og arbeidsutstyr",
            "Machinery and work equipment",
            [
                (
                    "Er maskiner og utstyr i forsvarlig stand med verneinnretninger?",
                    "Are machines and equipment in sound condition with guards?",
                    "",
                    "",
                    f"{AF} § 12-1",
                ),
                (
                    "Er lovpålagte kontroller av arbeidsutstyr utført og dokumentert?",
                    "Have the statutory inspections of work equipment been done and documented?",
                    "Truck, kraner, løfteutstyr, trykkbeholdere.",
                    "Forklifts, cranes, lifting gear, pressure vessels.",
                    f"{AF} § 12-6",
                ),
                (
                    "Har de som bruker utstyret fått opplæring?",
                    "Have the users of the equipment been trained?",
                    "",
                    "",
                    f"{AF} § 10-1",
                ),
            ],
        ),
        (
            "Personlig verneutstyr",
            "Personal protective equipment",
            [
                (
                    "Er behovet for verneutstyr vurdert?",
                    "Has the need for protective equipment been assessed?",
                    "",
                    "",
                    f"{AP} § 2-1",
                ),
                (
                    "Er verneutstyret tilgjengelig, i god stand og brukt?",
                    "Is protective equipment available, in good condition and used?",
                    "",
                    "",
                    f"{AML} § 4-4",
                ),
                (
                    "Har de ansatte fått opplæring i bruken?",
                    "Have employees been trained in its use?",
                    "",
                    "",
                    f"{AML} § 3-2",
                ),
            ],
        ),
        (
            "Førstehjelp og brann",
            "First aid and fire",
            [
                (
                    "Finnes førstehjelpsutstyr, og vet alle hvor det er?",
                    "Is first aid equipment there, and does everyone know where?",
                    "",
                    "",
                    f"{AP} § 2-16",
                ),
                (
                    "Er brannslukkere kontrollert og tilgjengelige?",
                    "Are fire extinguishers inspected and accessible?",
                    "",
                    "",
                    "Forskrift om brannforebygging § 7",
                ),
                (
                    "Er det gjennomført brannøvelse siste år?",
                    "Has a fire drill been held in the last year?",
                    "",
                    "",
                    "Forskrift om brannforebygging § 8",
                ),
                (
                    "Finnes en beredskapsplan for ulykker?",
                    "Is there an emergency plan for accidents?",
                    "",
                    "",
                    f"{IK} § 5",
                ),
            ],
        ),
        (
            "Arbeid utenfor egne lokaler",
            "Work outside own premises",
            [
                (
                    "Er risiko ved arbeid hos kunder og på byggeplasser vurdert?",
                    "Has the risk of work at customers and building sites been assessed?",
                    "",
                    "",
                    f"{AML} § 3-1",
                ),
                (
                    "Gjennomføres vernerunder der arbeidet utføres?",
                    "Are safety rounds held where the work is done?",
                    "",
                    "",
                    f"{IK} § 5",
                ),
                (
                    "Finnes rutiner for alenearbeid?",
                    "Are there routines for working alone?",
                    "",
                    "",
                    f"{AF} § 26-1",
                ),
            ],
        ),
        (
            "Verneombud og internkontroll",
            "Safety representative and internal control",
            [
                (
                    "Er verneombud valgt og har gjennomført opplæring?",
                    "Has a safety representative been elected and trained?",
                    "40 timers grunnopplæring.",
                    "40 hours of basic training.",
                    f"{AML} § 6-5",
                ),
                (
                    "Har virksomheten et internkontrollsystem (HMS) som brukes?",
                    "Does the company have an internal control (HMS) system in use?",
                    "",
                    "",
                    f"{IK} § 5",
                ),
                (
                    "Har alle ansatte skriftlig arbeidsavtale?",
                    "Do all employees have a written employment contract?",
                    "",
                    "",
                    f"{AML} § 14-5",
                ),
                (
                    "Er gjeldende forskrifter og veiledninger tilgjengelige?",
                    "Are current regulations and guidance available?",
                    "",
                    "",
                    f"{IK} § 5",
                ),
                (
                    "Følges handlingsplanen fra forrige kartlegging opp?",
                    "Is the action plan of the last survey followed up?",
                    "",
                    "",
                    f"{IK} § 5",
                ),
            ],
        ),
    ],
}

SAFETY_ROUND = {
    "key": "vernerunde",
    "kind": "safety_round",
    "title": "Vernerunde",
    "title_en": "Safety round",
    "sections": [
        (
            "Arbeidsstedet",
            "The site",
            [
                (
                    "Er arbeidsstedet ryddig, sikret og skiltet?",
                    "Is the site tidy, secured and signposted?",
                    "",
                    "",
                    f"{AF} § 1-3",
                ),
                (
                    "Er adkomst og rømningsveier frie?",
                    "Are access and escape routes clear?",
                    "",
                    "",
                    f"{AP} § 2-15",
                ),
                (
                    "Er belysningen god nok for arbeidet?",
                    "Is the lighting good enough for the work?",
                    "",
                    "",
                    f"{AP} § 2-14",
                ),
            ],
        ),
        (
            "Utstyr og verneutstyr",
            "Equipment and protective equipment",
            [
                (
                    "Er stillas, stiger og arbeidsutstyr i forsvarlig stand og kontrollert?",
                    "Are scaffolds, ladders and equipment sound and inspected?",
                    "",
                    "",
                    f"{AF} § 12-6",
                ),
                (
                    "Brukes nødvendig verneutstyr?",
                    "Is the necessary protective equipment used?",
                    "",
                    "",
                    f"{AML} § 4-4",
                ),
                (
                    "Er kjemikalier på stedet merket, med datablad tilgjengelig?",
                    "Are chemicals on site labelled, with data sheets available?",
                    "",
                    "",
                    f"{AF} § 1-2",
                ),
            ],
        ),
        (
            "Rutiner",
            "Routines",
            [
                (
                    "Kjenner alle på stedet beredskap og førstehjelp?",
                    "Does everyone on site know the emergency and first aid plan?",
                    "",
                    "",
                    f"{AP} § 2-16",
                ),
                (
                    "Er risikoen ved dagens arbeidsoppgaver gjennomgått (SJA)?",
                    "Has the risk of today's tasks been gone through (job safety analysis)?",
                    "",
                    "",
                    f"{IK} § 5",
                ),
            ],
        ),
    ],
}


def install(data: dict, template_model, section_model, item_model):
    """Version 1 of one checklist; the models are passed in (migrations use their own)."""
    template = template_model.objects.create(
        key=data["key"],
        version=1,
        kind=data["kind"],
        title=data["title"],
        title_en=data["title_en"],
        is_current=True,
    )
    for s_order, (title, title_en, items) in enumerate(data["sections"], start=1):
        section = section_model.objects.create(
            template=template, order=s_order, title=title, title_en=title_en
        )
        item_model.objects.bulk_create(
            item_model(
                section=section,
                order=i_order,
                question=q,
                question_en=q_en,
                guidance=g,
                guidance_en=g_en,
                regulation=reg,
            )
            for i_order, (q, q_en, g, g_en, reg) in enumerate(items, start=1)
        )
    return template
