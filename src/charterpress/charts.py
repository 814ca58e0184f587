"""Geometry of the survey charts; the templates draw them as inline SVG.

Horizontal positions are percentages of the chart's width and vertical ones pixels, so a chart
fills any screen or sheet of paper while its text keeps the page's own size (a scaled viewBox
would shrink labels to nothing on a phone).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Point:
    label: str  # "2025년"
    value: Decimal
    x: float  # percent of the width
    y: float  # pixels from the top


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class TrendChart:
    """A line through one point per year, on an axis cut to the scores' range (a line, not bars,
    so a baseline above zero does not mislead)."""

    points: tuple[Point, ...]
    ticks: tuple[Tick, ...]
    height: int
    label_y: float  # baseline of the year labels

    @property
    def segments(self) -> list[tuple[Point, Point]]:
        return list(zip(self.points, self.points[1:]))


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    y: float  # top of the row
    width: float  # percent of the width: the score out of 100


@dataclass(frozen=True)
class BarChart:
    """One bar per dimension, all on the same 0–100 scale."""

    bars: tuple[Bar, ...]
    height: int
    ROW: int = 48  # label line above a 16-pixel bar


TOP, BOTTOM, HEIGHT = 40, 224, 264  # plot area and chart height of the trend, in pixels


def trend_chart(values: list[tuple[str, Decimal]]) -> TrendChart:
    if not values:
        return TrendChart((), (), HEIGHT, HEIGHT - 12)
    scores = [v for _, v in values]
    low = max(0, math.floor((min(scores) - 5) / 10) * 10)
    high = min(100, math.ceil((max(scores) + 5) / 10) * 10)
    step = 5 if high - low <= 20 else 10

    def y(value: Decimal | int) -> float:
        return round(BOTTOM - float(Decimal(value) - low) / (high - low) * (BOTTOM - TOP), 1)

    count = len(values)
    xs = [50.0] if count == 1 else [round(12 + i * 76 / (count - 1), 2) for i in range(count)]
    points = tuple(Point(label, value, x, y(value)) for (label, value), x in zip(values, xs))
    ticks = tuple(Tick(v, y(v)) for v in range(low, high + 1, step))
    return TrendChart(points, ticks, HEIGHT, HEIGHT - 12)


def bar_chart(values: list[tuple[str, Decimal]]) -> BarChart:
    rows = BarChart.ROW
    bars = tuple(Bar(label, value, i * rows, float(value)) for i, (label, value) in enumerate(values))
    return BarChart(bars, len(values) * rows + 4)
