"""Real tiny files for upload tests, built in memory."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n"
    b"%%EOF\n"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>alert('x')</script></body></html>"
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"

_DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_DOCM_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"


def png_1x1() -> bytes:
    """A valid 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _content_types(main_type: str, part: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{main_type}"/>'
        "</Types>"
    )


def _zip(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def docx() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": _content_types(_DOCX_TYPE, "word/document.xml"),
            "word/document.xml": "<w:document><w:body><w:p>Avtale</w:p></w:body></w:document>",
        }
    )


def docx_with_docprops_first() -> bytes:
    """A DOCX whose first entries are not the Word part (some generators write it so)."""
    return _zip(
        {
            "docProps/app.xml": "<Properties/>" * 200,
            "docProps/core.xml": "<coreProperties/>" * 200,
            "_rels/.rels": "<Relationships/>" * 200,
            "customXml/item1.xml": "<x/>" * 500,
            "[Content_Types].xml": _content_types(_DOCX_TYPE, "word/document.xml"),
            "word/document.xml": "<w:document/>",
        }
    )


def xlsx() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": _content_types(_XLSX_TYPE, "xl/workbook.xml"),
            "xl/workbook.xml": "<workbook/>",
        }
    )


def docm() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": _content_types(_DOCM_TYPE, "word/document.xml"),
            "word/document.xml": "<w:document/>",
            "word/vbaProject.bin": "macro",
        }
    )


def plain_zip() -> bytes:
    return _zip({"readme.txt": "hei"})


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def multipart_with_raw_filename(fields: dict[str, str], filename: str, content: bytes):
    """A multipart body whose file part carries ``filename`` untouched.

    Django's test client strips directories from file names before sending; a real
    browser or attacker need not, so path-traversal names are built by hand.
    """
    boundary = "----hms-test-boundary"
    lines = []
    for name, value in fields.items():
        lines += [
            f"--{boundary}".encode(),
            f'Content-Disposition: form-data; name="{name}"'.encode(),
            b"",
            value.encode(),
        ]
    lines += [
        f"--{boundary}".encode(),
        f'Content-Disposition: form-data; name="file"; filename="{filename}"'.encode(),
        b"Content-Type: application/pdf",
        b"",
        content,
        f"--{boundary}--".encode(),
        b"",
    ]
    return b"\r\n".join(lines), f"multipart/form-data; boundary={boundary}"
