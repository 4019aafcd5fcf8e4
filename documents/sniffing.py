"""What an uploaded file really is, judged from its bytes, never from its name.

``filetype`` (pure Python, so nothing like libmagic to install on the servers, and
pinned) recognises PDF, PNG and JPEG by their signatures. DOCX and XLSX are ZIP
archives: filetype looks only at the first entries of the archive, so the archive's
own parts list, ``[Content_Types].xml``, decides between a Word document, an Excel
workbook and any other ZIP (macro-enabled documents included, which are refused).
Everything else — executables, HTML, scripts, unknown bytes — is refused.
"""

import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_CONTENT_TYPES = "[Content_Types].xml"
_CONTENT_TYPES_MAX_BYTES = 1024 * 1024
_HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileType:
    mime: str
    extension: str
    extensions: tuple[str, ...]
    label: str


ALLOWED = {
    t.mime: t
    for t in (
        FileType("application/pdf", "pdf", ("pdf",), "PDF"),
        FileType("image/png", "png", ("png",), "PNG"),
        FileType("image/jpeg", "jpg", ("jpg", "jpeg", "jpe"), "JPEG"),
        FileType(DOCX, "docx", ("docx",), "Word (DOCX)"),
        FileType(XLSX, "xlsx", ("xlsx",), "Excel (XLSX)"),
    )
}
ALLOWED_LABELS = _("PDF, PNG, JPEG, Word (DOCX) eller Excel (XLSX)")


def extension_for(mime: str) -> str:
    return ALLOWED[mime].extension if mime in ALLOWED else "bin"


def _refused() -> ValidationError:
    return ValidationError(
        _("Filen kan ikke lastes opp: innholdet er ikke %(allowed)s."),
        code="file_type",
        params={"allowed": ALLOWED_LABELS},
    )


def _ooxml_type(file) -> str:
    """DOCX or XLSX as the archive's parts list says; refuses any other ZIP."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            info = archive.getinfo(_CONTENT_TYPES)
            if info.file_size > _CONTENT_TYPES_MAX_BYTES:
                raise _refused()
            content_types = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, RuntimeError):
        raise _refused() from None
    finally:
        file.seek(0)
    if b"macroEnabled" in content_types or any(n.endswith("vbaProject.bin") for n in names):
        raise ValidationError(
            _("Dokumenter med makroer tas ikke imot. Lagre filen som vanlig DOCX eller XLSX."),
            code="macro",
        )
    if _DOCX_MAIN in content_types and any(n.startswith("word/") for n in names):
        return DOCX
    if _XLSX_MAIN in content_types and any(n.startswith("xl/") for n in names):
        return XLSX
    raise _refused()


def sniff(file) -> FileType:
    """The type of ``file`` (a file object, read from the start) or ValidationError."""
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    file.seek(0)
    kind = filetype.guess(bytes(head))
    mime = kind.mime if kind is not None else None
    if mime in (DOCX, XLSX, "application/zip"):
        mime = _ooxml_type(file)
    if mime not in ALLOWED:
        raise _refused()
    return ALLOWED[mime]


def clean_original_name(name: str) -> str:
    """The uploader's file name, kept for display only; anything path-like is refused.

    The stored name is random (``documents.models.document_upload_to``), so this is not
    what protects the file system; refusing names such as ``../../etc/passwd`` keeps a
    misleading name out of the records and out of the download's Content-Disposition.
    """
    name = unicodedata.normalize("NFC", (name or "").strip())
    if (
        not name
        or "/" in name
        or "\\" in name
        or name.startswith(".")
        or any(unicodedata.category(char).startswith("C") for char in name)
    ):
        raise ValidationError(_("Ugyldig filnavn."), code="file_name")
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: 199 - len(extension)]}{dot}{extension}" if dot else name[:200]
    return name


def check_extension(name: str, file_type: FileType) -> None:
    """The name's extension must fit the content, so nobody is misled about a download."""
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in file_type.extensions:
        raise ValidationError(
            _(
                "Filnavnet «%(name)s» passer ikke med innholdet, som er %(label)s. "
                "Gi filen endelsen .%(extension)s og prøv igjen."
            ),
            code="file_extension",
            params={"name": name, "label": file_type.label, "extension": file_type.extension},
        )
