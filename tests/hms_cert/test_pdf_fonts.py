"""One WeasyPrint font configuration per process and thread (hms_cert/pdf_fonts.py): a new
one per document leaks native memory (about 0.2 MB a render), which made the soak's workers
grow by a fifth in three minutes."""

import gc
import multiprocessing
import threading
from pathlib import Path

import weasyprint

from hms_cert.pdf_fonts import font_configuration

PAGE = "<html><body><h1>HMS-sertifikat</h1><p>Smith &amp; Sønner AS, klasse B</p></body></html>"


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _render() -> bytes:
    return weasyprint.HTML(string=PAGE).write_pdf(font_config=font_configuration())


def test_every_render_of_a_thread_shares_one_configuration():
    assert font_configuration() is font_configuration()
    other = []
    thread = threading.Thread(target=lambda: other.append(font_configuration()))
    thread.start()
    thread.join()
    assert other[0] is not font_configuration()


def _is_parents(parent_id: int) -> bool:
    return id(font_configuration()) == parent_id


def test_a_forked_worker_makes_its_own():
    # gunicorn forks its workers from a master that may have rendered already
    parent = font_configuration()
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_is_parents, (id(parent),)) is False


def test_memory_stays_flat_over_many_renders():
    for _ in range(5):  # the fonts found and loaded, the caches filled
        _render()
    gc.collect()
    before = _rss_kb()
    for _ in range(60):
        assert _render().startswith(b"%PDF")
    gc.collect()
    # A new configuration per render kept about 0.2 MB each: 12 MB or more over 60 renders.
    assert _rss_kb() - before < 4 * 1024
