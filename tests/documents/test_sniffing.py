"""The type of an upload is judged from its bytes; names only have to agree with them."""

import io

import pytest
from django.core.exceptions import ValidationError

from documents.sniffing import DOCX, XLSX, check_extension, clean_original_name, sniff
from tests.documents import files


@pytest.mark.parametrize(
    ("content", "mime"),
    [
        (files.PDF, "application/pdf"),
        (files.png_1x1(), "image/png"),
        (files.JPEG_HEAD, "image/jpeg"),
        (files.docx(), DOCX),
        (files.docx_with_docprops_first(), DOCX),
        (files.xlsx(), XLSX),
    ],
)
def test_allowed_types_are_recognised_from_their_content(content, mime):
    assert sniff(io.BytesIO(content)).mime == mime


@pytest.mark.parametrize(
    "content",
    [files.EXE, files.HTML, files.plain_zip(), b"just some text", b"PK\x03\x04broken zip"],
    ids=["executable", "html", "plain-zip", "text", "broken-zip"],
)
def test_anything_else_is_refused_in_norwegian(content):
    with pytest.raises(ValidationError) as refused:
        sniff(io.BytesIO(content))
    assert "Filen kan ikke lastes opp" in refused.value.messages[0]
    assert "PDF, PNG, JPEG, Word (DOCX) eller Excel (XLSX)" in refused.value.messages[0]


def test_macro_enabled_office_documents_are_refused():
    with pytest.raises(ValidationError, match="makroer"):
        sniff(io.BytesIO(files.docm()))


def test_sniffing_leaves_the_file_at_its_start():
    handle = io.BytesIO(files.docx())
    sniff(handle)
    assert handle.tell() == 0


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..\\..\\boot.ini",
        "/etc/passwd",
        "mappe/fil.pdf",
        ".htaccess",
        "a\x00.pdf",
        "",
    ],
)
def test_path_like_names_are_refused(name):
    with pytest.raises(ValidationError, match="Ugyldig filnavn"):
        clean_original_name(name)


def test_ordinary_names_are_kept_and_long_ones_shortened_with_their_extension():
    assert (
        clean_original_name(" Arbeidsavtale Ola Nordmann.pdf ") == "Arbeidsavtale Ola Nordmann.pdf"
    )
    long_name = "x" * 300 + ".pdf"
    shortened = clean_original_name(long_name)
    assert len(shortened) == 200
    assert shortened.endswith(".pdf")


def test_the_extension_must_fit_the_content():
    pdf = sniff(io.BytesIO(files.PDF))
    check_extension("kontrakt.PDF", pdf)
    with pytest.raises(ValidationError, match="passer ikke med innholdet, som er PDF"):
        check_extension("bilde.png", pdf)
    with pytest.raises(ValidationError):
        check_extension("uten-endelse", pdf)
