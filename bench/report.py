"""The closing table of ``make bench``: one row per figure, its goal and whether it is met."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    what: str
    figure: str
    goal: str = ""
    met: bool | None = None  # None: no goal

    @property
    def verdict(self) -> str:
        return {True: "met", False: "MISSED", None: ""}[self.met]


def table(rows: list[Row]) -> str:
    header = Row("what", "measured", "goal")
    widths = [
        max(len(getattr(row, name)) for row in [header, *rows])
        for name in ("what", "figure", "goal")
    ]
    lines = []
    for row in [header, *rows]:
        cells = [row.what, row.figure, row.goal]
        verdict = "" if row is header else row.verdict
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
            + "  "
            + verdict
        )
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)
