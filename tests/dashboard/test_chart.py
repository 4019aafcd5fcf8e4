"""The bar chart's geometry: pure, no database."""

import pytest

from dashboard.chart import HEIGHT, bar_chart, nice_ceiling


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 1), (1, 1), (2, 2), (3, 5), (5, 5), (6, 10), (11, 20), (51, 100)]
)
def test_nice_ceiling(value, ceiling):
    assert nice_ceiling(value) == ceiling


def test_nothing_to_draw():
    assert bar_chart({}) is None


def test_every_year_between_first_and_last_has_a_bar_per_class():
    chart = bar_chart({2023: {"B": 1}, 2026: {"A": 4, "A+": 2}})
    assert [label.year for label in chart.years] == [2023, 2024, 2025, 2026]
    assert [(bar.year, bar.klass, bar.count) for bar in chart.bars[-3:]] == [
        (2026, "B", 0),
        (2026, "A", 4),
        (2026, "A+", 2),
    ]
    assert len(chart.bars) == 12


def test_heights_are_proportional_and_stand_on_the_baseline():
    chart = bar_chart({2026: {"B": 5, "A": 10}})
    b, a, a_plus = chart.bars
    assert a.height == pytest.approx(2 * b.height, abs=0.1)
    assert a_plus.height == 0
    for bar in chart.bars:
        assert bar.y + bar.height == pytest.approx(chart.baseline, abs=0.1)
        assert 0 <= bar.y <= HEIGHT
    assert [tick.value for tick in chart.ticks] == [0, 2, 4, 6, 8, 10]


def test_bars_of_a_year_do_not_overlap():
    chart = bar_chart({2025: {"B": 1, "A": 1, "A+": 1}})
    b, a, a_plus = chart.bars
    assert b.x + b.width <= a.x
    assert a.x + a.width <= a_plus.x
