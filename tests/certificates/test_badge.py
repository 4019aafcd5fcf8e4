"""The SVG badge a company shows on its web site: right word, right colour, well-formed, escaped."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from certificates.badge import render_badge_svg

SVG = "{http://www.w3.org/2000/svg}"
GREEN, GREY, RED = "#2e7d32", "#6b7280", "#c62828"


def badge(status="valid", klass="A", valid_until=date(2027, 11, 24), company_name="Firma AS"):
    return render_badge_svg(
        status=status, klass=klass, valid_until=valid_until, company_name=company_name
    )


def parse(svg: str) -> ET.Element:
    """Parse the badge as any XML consumer would (our own output, so no defusedxml needed)."""
    return ET.fromstring(svg)  # noqa: S314


def texts(svg: str) -> list[str]:
    return [element.text or "" for element in parse(svg).iter(f"{SVG}text")]


def fills(svg: str) -> set[str]:
    return {element.get("fill") for element in parse(svg).iter(f"{SVG}rect")}


@pytest.mark.parametrize(
    ("status", "words", "colour"),
    [
        ("valid", ["Klasse A", "gyldig til 24.11.2027"], GREEN),
        ("expired", ["UTLØPT", "gyldig til 24.11.2027"], GREY),
        ("revoked", ["TILBAKEKALT"], RED),
        ("superseded", ["ERSTATTET"], GREY),
        ("unknown", ["UKJENT"], GREY),
    ],
)
def test_status_shows_its_word_and_colour(status, words, colour):
    svg = badge(status=status)
    shown = texts(svg)
    assert "HMS-sertifikat" in shown
    for word in words:
        assert word in shown, f"{word!r} not on the {status} badge: {shown}"
    assert colour in fills(svg)
    assert not ({GREEN, GREY, RED} - {colour}) & fills(svg), "another status's colour"


def test_valid_badge_shows_class_and_end_date():
    svg = badge(klass="A+", valid_until=date(2027, 11, 24))
    assert "Klasse A+" in texts(svg)
    assert "Klasse A+ · gyldig til 24.11.2027" in svg  # in the title, read out by screen readers


def test_badge_is_a_small_self_contained_svg():
    root = parse(badge())
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("240", "64")
    assert root.get("viewBox") == "0 0 240 64"
    assert "DejaVu Sans" in ET.tostring(root, encoding="unicode")
    assert not [element for element in root.iter() if element.tag.endswith(("image", "script"))]
    assert "http:" not in badge().replace("http://www.w3.org/2000/svg", "")


def test_title_names_the_company_and_escapes_it():
    name = 'Smith & Sønner <script>alert("x")</script>'
    svg = badge(company_name=name)
    assert "<script>" not in svg
    root = parse(svg)
    assert not list(root.iter(f"{SVG}script"))
    title = root.find(f"{SVG}title")
    assert title is not None
    assert name in title.text
    assert root.get("aria-label") == title.text


def test_expired_badge_without_dates_still_renders():
    svg = badge(status="expired", klass=None, valid_until=None)
    assert "UTLØPT" in texts(svg)
    parse(svg)


def test_valid_badge_needs_class_and_date():
    with pytest.raises(ValueError, match="class"):
        badge(status="valid", klass=None)


def test_unknown_status_is_refused():
    with pytest.raises(ValueError, match="status"):
        badge(status="gyldig")
