"""One-time answer codes: random, forgiving to type, stored only as keyed hashes.

A code is 80 random bits written as 16 characters of Crockford's base32 alphabet
(``7K3M-Q9TD-2XHB-RW4N``): digits and capitals without I, L, O and U, so nothing looks
like anything else. Typed input is forgiven: case, spaces and dashes do not matter, and
O is read as 0, I and L as 1.

Nothing stores a code in the clear. A code is known by two keyed hashes (HMAC-SHA256,
``QUESTIONNAIRE_CODE_KEY`` from the environment) under different salts: ``code_hash``
names the code as issued, ``spent_hash`` names it once used. Without the code itself the
two cannot be matched, so the database cannot tell which issued code was used for which
answer (ANONYMITY.md, promise 3). A code travels only by POST or in a link's fragment
(``/svar/#CODE``), which browsers never send (static/js/questionnaire.js).
"""

import re
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: 5 bits a character
LENGTH = 16  # 80 bits
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.]+")


def new_code() -> str:
    """A fresh random code, grouped in fours for reading aloud and typing."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(code: str) -> str:
    """The code as typed, made canonical: ``f5b7-0zhs 7z...`` reads as ``F5B70ZHS7Z...``."""
    return _SEPARATORS.sub("", code).upper().translate(_READ_AS)


def _keyed(salt: str, code: str) -> str:
    key = settings.QUESTIONNAIRE_CODE_KEY or settings.SECRET_KEY
    return salted_hmac(
        f"questionnaires.codes.{salt}", normalise(code), secret=key, algorithm="sha256"
    ).hexdigest()


def code_hash(code: str) -> str:
    """How an issued code is stored (``AnswerCode.code_hash``)."""
    return _keyed("issued", code)


def spent_hash(code: str) -> str:
    """How a used code is stored (``SpentCode.spent_hash``); unlinkable to ``code_hash``."""
    return _keyed("spent", code)
