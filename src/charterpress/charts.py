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
    width: float  # percent of the width: the score's place on the axis
    depth: int = 0  # a part of the dimension above it: its label is indented, its bar on the same axis
    x: float = 0  # percent of the width the label starts at


@dataclass(frozen=True)
class Reference:
    """A benchmark the report compares with, drawn as a vertical line across the bars."""

    label: str
    value: Decimal
    x: float  # percent of the width
    y: float  # baseline of its label, below the bars


@dataclass(frozen=True)
class BarChart:
    """One bar per score, all on the same axis: 0–100, or the answer scale's own 1–5 (1–7, …)."""

    bars: tuple[Bar, ...]
    height: int
    low: int = 0
    high: int = 100
    references: tuple[Reference, ...] = ()
    ROW: int = 48  # label line above a 16-pixel bar

    @property
    def bars_bottom(self) -> int:
        return len(self.bars) * self.ROW


TOP, BOTTOM, HEIGHT = 40, 224, 264  # plot area and chart height of the trend, in pixels
INDENT = 6  # percent of the width a part's bar is indented by, per level
REFERENCE_ROW = 24  # a benchmark's label line under the bars


def axis(values: list[Decimal], out_of: int) -> tuple[int, int]:
    """The axis a chart draws on: 0–100 for 100-point scores; an answer scale's own 1–N for means
    on it (0–N should a mean ever be below 1)."""
    if out_of == 100:
        return 0, 100
    return (1 if not values or min(values) >= 1 else 0), out_of


def trend_chart(values: list[tuple[str, Decimal]], out_of: int = 100) -> TrendChart:
    if not values:
        return TrendChart((), (), HEIGHT, HEIGHT - 12)
    scores = [v for _, v in values]
    if out_of == 100:
        low = max(0, math.floor((min(scores) - 5) / 10) * 10)
        high = min(100, math.ceil((max(scores) + 5) / 10) * 10)
        step = 5 if high - low <= 20 else 10
    else:
        low, high = axis(scores, out_of)
        step = 1

    def y(value: Decimal | int) -> float:
        return round(BOTTOM - float(Decimal(value) - low) / (high - low) * (BOTTOM - TOP), 1)

    count = len(values)
    xs = [50.0] if count == 1 else [round(12 + i * 76 / (count - 1), 2) for i in range(count)]
    points = tuple(Point(label, value, x, y(value)) for (label, value), x in zip(values, xs))
    ticks = tuple(Tick(v, y(v)) for v in range(low, high + 1, step))
    return TrendChart(points, ticks, HEIGHT, HEIGHT - 12)


def bar_chart(values: list[tuple[str, Decimal]] | list[tuple[str, Decimal, int]], out_of: int = 100,
              references: list[tuple[str, Decimal]] = ()) -> BarChart:
    """Bars for (label, value) or (label, value, depth) rows; parts (depth > 0) have their labels
    indented under their whole, their bars on the same axis; references (benchmarks) are vertical
    lines with their labels under the bars."""
    rows = BarChart.ROW
    low, high = axis([v[1] for v in values] + [v for _, v in references], out_of)

    def place(value: Decimal) -> float:
        return round(float(value - low) / (high - low) * 100, 2)

    bars = []
    for i, row in enumerate(values):
        label, value, depth = (*row, 0)[:3]
        bars.append(Bar(label, value, i * rows, place(value), depth, depth * INDENT))
    bottom = len(values) * rows
    refs = tuple(Reference(label, value, place(value), bottom + 18 + i * REFERENCE_ROW)
                 for i, (label, value) in enumerate(references))
    return BarChart(tuple(bars), bottom + 4 + len(refs) * REFERENCE_ROW, low, high, refs)
