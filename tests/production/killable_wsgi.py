"""The site, as gunicorn serves it, with points where the worker kills itself (SIGKILL).

For ``test_worker_killed``: the test writes a point's name into the file named by
``HMS_KILL_FILE``; the next issuing request that reaches that point removes the file (so
the replacement worker lives) and sends SIGKILL to its own process, which is what the OOM
killer or ``kill -9`` does at that instant: no ``except``, no ``finally``, no rollback code.
"""

import os
import signal
from pathlib import Path

# isort: off
from hms_cert.wsgi import application  # noqa: F401 - what gunicorn serves; sets Django up first
from django.core.files.base import ContentFile
from certificates import services

# isort: on

KILL_FILE = Path(os.environ["HMS_KILL_FILE"])


def _die_if(point: str) -> None:
    try:
        wanted = KILL_FILE.read_text().strip()
    except FileNotFoundError:
        return
    if wanted == point:
        KILL_FILE.unlink()
        os.kill(os.getpid(), signal.SIGKILL)


_draw_number = services._draw_number
_store_pdf = services.store_certificate_pdf
_chunks = ContentFile.chunks


def draw_number(year):
    number = _draw_number(year)
    _die_if("after_number")  # the number is drawn, nothing else yet
    return number


def chunks(self, chunk_size=None):
    data = b"".join(_chunks(self, chunk_size))
    yield data[: len(data) // 2]
    _die_if("writing_pdf")  # half the PDF is written
    yield data[len(data) // 2 :]


def store_pdf(certificate, **kwargs):
    _store_pdf(certificate, **kwargs)
    _die_if("pdf_stored")  # the PDFs are in place, the transaction not yet committed


services._draw_number = draw_number
services.store_certificate_pdf = store_pdf
ContentFile.chunks = chunks
