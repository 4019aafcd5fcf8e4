"""``python -m bench`` (``make bench``): runs every benchmark section and prints its figures.

A section is a module with a ``run() -> None`` that prints one or more lines
``<section>: <figure> (<what was measured>)``. Add a section by adding its module to SECTIONS.
"""

import importlib

SECTIONS = ("bench.rules", "bench.pdf")


def main() -> None:
    for name in SECTIONS:
        importlib.import_module(name).run()


if __name__ == "__main__":
    main()
