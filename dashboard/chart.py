"""Geometry of the certificates-per-class-per-year bar chart, drawn as inline SVG.

Pure: counts in, positions out; ``templates/dashboard/_chart_svg.html`` draws them. Bars are
grouped by year, one per class in the order B, A, A+, on a value axis with round ticks.
"""

from dataclasses import dataclass

CLASSES = ("B", "A", "A+")
COLOURS = {"B": "#0d6efd", "A": "#2e8b57", "A+": "#1f5f3f"}  # the class badges' colours

WIDTH = 640
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 32, 28
LEGEND_ITEM_WIDTH = 64
BAR_GAP = 2


@dataclass(frozen=True)
class Bar:
    year: int
    klass: str
    count: int
    x: float
    y: float
    width: float
    height: float
    colour: str

    @property
    def label_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def label_y(self) -> float:
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class YearLabel:
    year: int
    x: float


@dataclass(frozen=True)
class LegendItem:
    klass: str
    colour: str
    x: int

    @property
    def text_x(self) -> int:
        return self.x + 14


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    years: tuple[YearLabel, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def tick_label_x(self) -> int:
        return self.left - 6

    @property
    def year_label_y(self) -> int:
        return self.baseline + 18

    @property
    def legend(self) -> tuple[LegendItem, ...]:
        start = self.right_edge - LEGEND_ITEM_WIDTH * len(CLASSES)
        return tuple(
            LegendItem(klass=klass, colour=COLOURS[klass], x=start + index * LEGEND_ITEM_WIDTH)
            for index, klass in enumerate(CLASSES)
        )


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, … that is at least ``value`` (and at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(counts: dict[int, dict[str, int]]) -> BarChart | None:
    """The chart of ``counts`` (year → class → count), every year between the first and
    the last included; None when there is nothing to draw."""
    if not counts:
        return None
    years = list(range(min(counts), max(counts) + 1))
    top = nice_ceiling(max(max(by_class.values(), default=0) for by_class in counts.values()))
    plot_height = HEIGHT - TOP - BOTTOM
    group_width = (WIDTH - LEFT - RIGHT) / len(years)
    bar_width = min(36.0, group_width * 0.8 / len(CLASSES))
    bars, labels = [], []
    for index, year in enumerate(years):
        centre = LEFT + group_width * (index + 0.5)
        labels.append(YearLabel(year=year, x=round(centre, 1)))
        start = centre - len(CLASSES) * bar_width / 2
        for position, klass in enumerate(CLASSES):
            count = counts.get(year, {}).get(klass, 0)
            height = plot_height * count / top
            bars.append(
                Bar(
                    year=year,
                    klass=klass,
                    count=count,
                    x=round(start + position * bar_width + BAR_GAP / 2, 1),
                    y=round(HEIGHT - BOTTOM - height, 1),
                    width=round(bar_width - BAR_GAP, 1),
                    height=round(height, 1),
                    colour=COLOURS[klass],
                )
            )
    tick_step = max(1, top // 5) if top >= 5 else 1
    ticks = tuple(
        Tick(value=value, y=round(HEIGHT - BOTTOM - plot_height * value / top, 1))
        for value in range(0, top + 1, tick_step)
    )
    return BarChart(bars=tuple(bars), ticks=ticks, years=tuple(labels))
