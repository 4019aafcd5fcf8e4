"""One-time answer codes: derived, never stored in the clear.

A code is HMAC(SECRET_KEY, round secret + number), shown as ``XXXX-XXXX-XX``; only its
SHA-256 is stored. Deriving rather than storing lets the advisor print the sheet again,
while a copy of the database alone yields no usable code. A code is never put in a URL
path or query string: the link carries it in the fragment (``/svar/#CODE``), which
browsers do not send, and the page posts it (see static/js/questionnaire.js).
"""

import base64
import hashlib
import hmac

from django.conf import settings

ALPHABET_STRIP = str.maketrans("", "", "-= ")


def make_code(secret: str, number: int) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{secret}:{number}".encode(), hashlib.sha256
    ).digest()
    raw = base64.b32encode(digest).decode()[:10]
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise(code: str) -> str:
    return code.upper().translate(ALPHABET_STRIP)


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()
