"""Benchmark section: the written report of a checklist walk (fieldwork/report.py).

Finishing a survey renders its report inside the request: 40 items, 20 of them
deviations with a phone photo each (2000 × 1500 px, as stored after resizing). Goal
(issue 13): at most 3 s, and a file of at most 3 MB. Built in memory, no database.
"""

import io
import logging
import statistics
import time
from datetime import date

RENDERS = 3
GOAL_SECONDS = 3.0
GOAL_BYTES = 3 * 1024 * 1024
ITEMS = 40
DEVIATIONS = 20


def _photo() -> bytes:
    """A photo-like JPEG: a gradient with noise, so it compresses like a real one."""
    from PIL import Image, ImageFilter

    noise = Image.effect_noise((2000, 1500), 60).convert("RGB")
    base = Image.linear_gradient("L").resize((2000, 1500)).convert("RGB")
    image = Image.blend(base, noise, 0.35).filter(ImageFilter.GaussianBlur(1))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def _walk():
    from companies.models import Company
    from fieldwork.checklist_data import PHYSICAL
    from fieldwork.models import (
        Answer,
        ChecklistItem,
        ChecklistSection,
        ChecklistTemplate,
        Inspection,
    )
    from fieldwork.selectors import ItemRow, SectionRows, Walk

    template = ChecklistTemplate(key="fysisk-kartlegging", version=1, title=PHYSICAL["title"])
    company = Company(name="Smith & Sønner Rørleggerbedrift AS", organisation_number="923609016")
    inspection = Inspection(
        template=template,
        company=company,
        kind="physical",
        provider="EXTERNAL",
        performed_on=date(2026, 11, 25),
        participants="Kari Nordmann (daglig leder), Ola Hansen (verneombud)",
    )
    sections, deviations, count = [], [], 0
    for order, (title, _en, items) in enumerate(PHYSICAL["sections"], start=1):
        section = ChecklistSection(template=template, order=order, title=title)
        rows = []
        for question, _qen, _g, _gen, regulation in items:
            if count == ITEMS:
                break
            item = ChecklistItem(section=section, question=question, regulation=regulation)
            deviation = count % 2 == 0 and len(deviations) < DEVIATIONS
            answer = Answer(
                item=item,
                value="DEVIATION" if deviation else "OK",
                note="Funnet under runden, må utbedres." if deviation else "",
                probability=3 if deviation else None,
                consequence=count % 5 + 1 if deviation else None,
                measure="Utbedres av vaktmester" if deviation else "",
                responsible="Daglig leder" if deviation else "",
                due_date=date(2027, 1, 31) if deviation else None,
            )
            if deviation:
                deviations.append(answer)
            rows.append(ItemRow(item, answer))
            count += 1
        sections.append(SectionRows(section, rows))
    return Walk(inspection, sections, count, count, deviations)


def run() -> list:
    from bench.pdf import _django
    from bench.report import Row

    _django()
    from fieldwork.report import render_report_pdf

    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)
    walk = _walk()
    # A photo of its own for each deviation (noise differs on every call), as on site.
    photos = {id(answer): [_photo()] for answer in walk.deviations}
    timings, size = [], 0
    for _ in range(RENDERS):
        start = time.perf_counter()
        pdf = render_report_pdf(walk, photos_of=lambda answer: photos.get(id(answer), []))
        timings.append(time.perf_counter() - start)
        size = len(pdf)
    median = statistics.median(timings)
    print(
        f"fieldwork report: {median:.2f} s, {size / 1024:.0f} KB "
        f"({ITEMS} items, {DEVIATIONS} photos; median of {RENDERS} renders)"
    )
    return [
        Row("Report, 40 items + 20 photos", f"{median:.2f} s", "<= 3 s", median <= GOAL_SECONDS),
        Row("Report file size", f"{size / 1024:.0f} KB", "<= 3 MB", size <= GOAL_BYTES),
    ]


if __name__ == "__main__":
    run()
