"""``python -m bench`` (``make bench``): runs every benchmark section and prints its figures.

A section is a module with a ``run()`` that prints one or more lines
``<section>: <figure> (<what was measured>)`` as it goes and returns ``bench.report.Row``s
for the table printed at the end. Add a section by adding its module to SECTIONS.

``BENCH_SECTIONS=bench.server`` runs only the sections named; ``BENCH_STRICT=1`` makes a
missed goal fail the run (exit status 1).
"""

import importlib
import os
import sys

from bench.report import table

SECTIONS = (
    "bench.rules",
    "bench.pdf",
    "bench.signed_pdf",
    "bench.fieldwork_report",
    "bench.server",
    "bench.soak",
)


def main() -> int:
    names = [n for n in os.environ.get("BENCH_SECTIONS", "").split(",") if n] or SECTIONS
    rows = []
    for name in names:
        rows += importlib.import_module(name).run() or []
    print()
    print(table(rows))
    missed = any(row.met is False for row in rows)
    return 1 if missed and os.environ.get("BENCH_STRICT") else 0


if __name__ == "__main__":
    sys.exit(main())
