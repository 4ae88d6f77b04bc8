"""The report's charts as inline SVG (matplotlib, Agg backend, text drawn as paths: no fonts to load).

Each chart gets role="img" and a <title>, never carries a script, and has the same numbers in a table
next to it. Hidden public cells ("<3", "..") are drawn as gaps with the mark written beside them.
"""

import io
import re
import threading
from functools import lru_cache, wraps

import matplotlib

matplotlib.use("Agg")

from markupsafe import Markup, escape  # noqa: E402
from matplotlib import rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, ScalarFormatter  # noqa: E402

from lagesbild import formats  # noqa: E402

from .frames import BANDS, month_label, week_label  # noqa: E402
from .report import Report  # noqa: E402

# <text> in the system sans-serif (no font files, selectable text), 9 pt. Set per chart with rc_context,
# never in the global rcParams: they would change every other matplotlib user in the process.
STYLE = {"svg.fonttype": "none", "font.size": 9}
# rc_context still swaps matplotlib's one global rcParams for the duration of a chart, so two charts
# drawn at once by waitress threads would mix their settings (the id salt above all); one at a time.
_DRAWING = threading.Lock()
BLUE, ORANGE, GREY = "#0072B2", "#D55E00", "#6b6b6b"


def _label(text) -> str:
    """Data text for a chart: a "$" would switch matplotlib into mathtext (and could fail to parse)."""
    return str(text).replace("$", r"\$")


def _number(value) -> float:
    return float(value) if not isinstance(value, str) and value != "" else 0.0


# Every drawing function below takes plain, hashable figures (tuples, strings, numbers), never the
# report: the same figures always give the same SVG, so a chart is drawn once and served again from
# here while its numbers stay the same (matplotlib takes ~40 ms a chart; a problembild has five and is
# opened again and again in a meeting). Each SVG is a few tens of kB.
_drawers = []


def _chart(draw):
    """Draw the chart under the report's style, one chart at a time, and keep the last ones drawn."""

    @lru_cache(maxsize=32)
    @wraps(draw)
    def drawn(*args) -> Markup:
        with _DRAWING, rc_context(STYLE):
            return draw(*args)

    _drawers.append(drawn)
    return drawn


def forget_drawn() -> None:
    """Draw every chart anew (tests of the drawing itself)."""
    for drawn in _drawers:
        drawn.cache_clear()


def _swedish_ticks(fig: Figure) -> None:
    """Number axes (counts, the map's degrees) read as the tables do: "1 000", "13,15"; axes given
    their own labels (weeks, months, areas) keep them."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), ScalarFormatter):
                axis.set_major_formatter(FuncFormatter(lambda value, _pos: formats.tal(value, 2)))


def _svg(fig: Figure, name: str, label: str) -> Markup:
    _swedish_ticks(fig)
    buffer = io.StringIO()
    with rc_context({"svg.hashsalt": name}):  # stable, and distinct ids when several charts share a page
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<script.*?</script>", "", text, flags=re.S)  # matplotlib writes none; keep it so
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)  # RDF boilerplate, no use inline
    title_id = f"diagram-{name}"
    text = text.replace("<svg ", f'<svg role="img" aria-labelledby="{title_id}" class="chart" ', 1).replace(
        ">", f'><title id="{title_id}">{escape(label)}</title>', 1
    )
    # Safe: matplotlib XML-escapes every text it writes, labels are mathtext-escaped (_label), and the
    # only markup added here is escaped above.
    return Markup(text)  # noqa: S704


@_chart
def _bars(labels, values, marks, title, name, colour=BLUE, previous=None) -> Markup:
    fig = Figure(figsize=(7, max(1.8, 0.28 * len(labels) + 0.6)))
    ax = fig.add_subplot()
    positions = range(len(labels))[::-1]
    ax.barh(list(positions), values, color=colour, label="Perioden")
    if previous is not None:
        ax.scatter(previous, list(positions), color=ORANGE, marker="|", s=120, label="Föregående period")
        ax.legend(loc="lower right", frameon=False)
    for y, value, mark in zip(positions, values, marks, strict=True):
        ax.annotate(
            mark or f"{int(value)}", (value, y), xytext=(3, 0), textcoords="offset points", va="center"
        )
    ax.set_yticks(list(positions), [_label(label) for label in labels])
    longest = max((len(str(label)) for label in labels), default=10)
    fig.subplots_adjust(left=min(0.5, (0.25 + 0.068 * longest) / 7), right=0.95)  # room for the labels
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig, name, title)


def _marks(values) -> tuple[str, ...]:
    return tuple(value if isinstance(value, str) else "" for value in values)


def category_chart(report: Report) -> Markup:
    frame = report.tables["kategorier"].frame.iloc[:-1]
    return _bars(
        tuple(map(str, frame["Kategori"])),
        tuple(_number(v) for v in frame["Antal"]),
        _marks(frame["Antal"]),
        "Iakttagelser per kategori, perioden och föregående period",
        "kategorier",
        BLUE,
        tuple(_number(v) for v in frame["Föregående period"]),
    )


def area_chart(report: Report) -> Markup:
    frame = report.tables["omraden"].frame.iloc[:-1]
    values = list(frame["Totalt"])
    return _bars(
        tuple(map(str, frame["Område"])),
        tuple(_number(v) for v in values),
        _marks(values),
        "Iakttagelser per område",
        "omraden",
    )


def month_chart(report: Report) -> Markup:
    current = report.tables["manader"].frame.iloc[:-1]
    previous = report.numbers.month_prev
    prev_values = [report.shown(("pmonth", k), v) for k, v in previous.items()][: len(current)]
    return _months(
        tuple(_number(v) for v in current["Totalt"]),
        tuple(_number(v) for v in prev_values),
        tuple(month_label(k) for k in report.numbers.month_cat.index),
    )


@_chart
def _months(values, prev_values, labels) -> Markup:
    fig = Figure(figsize=(7, 2.8))
    ax = fig.add_subplot()
    x = range(len(values))
    ax.bar(list(x), list(values), color=BLUE, label="Perioden")
    ax.plot(list(x)[: len(prev_values)], list(prev_values), color=ORANGE, marker="o",
            label="Föregående period")  # fmt: skip
    ax.set_xticks(list(x), list(labels), rotation=45, ha="right")
    ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1), ncols=2)
    fig.subplots_adjust(bottom=0.24, top=0.86)  # room for the slanted month names and the legend
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig, "manader", "Årshjulet: iakttagelser per månad, perioden och föregående period")


def week_chart(report: Report) -> Markup:
    weeks = report.numbers.week
    values = tuple(_number(report.shown(("week", k), v)) for k, v in weeks.items())
    step = max(1, len(values) // 13)
    ticks = tuple(range(0, len(values), step))
    labels = tuple(week_label(weeks.index[i]).replace(" " + weeks.index[i][:4], "") for i in ticks)
    return _weeks(values, ticks, labels)


@_chart
def _weeks(values, ticks, labels) -> Markup:
    fig = Figure(figsize=(7, 2.4))
    ax = fig.add_subplot()
    ax.plot(range(len(values)), list(values), color=BLUE, marker=".")
    ax.set_xticks(list(ticks), list(labels))
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig, "veckor", "Iakttagelser per ISO-vecka")


def weekday_chart(report: Report) -> Markup:
    table = report.numbers.weekday_band
    shown = tuple(
        tuple(report.shown(("wb", d, b), table.at[d, b]) for b in table.columns) for d in table.index
    )
    return _weekdays(shown, tuple(d.capitalize() for d in table.index))


@_chart
def _weekdays(shown, days) -> Markup:
    fig = Figure(figsize=(6, 2.8))
    ax = fig.add_subplot()
    grid = [[_number(v) for v in row] for row in shown]
    peak = max(max(row) for row in grid) or 1.0
    ax.imshow(grid, cmap="Blues", aspect="auto", vmin=0, vmax=peak)
    for i, row in enumerate(shown):
        for j, value in enumerate(row):
            dark = _number(value) > 0.6 * peak  # white on the darkest cells keeps the contrast
            ax.text(j, i, str(value), ha="center", va="center", color="#fff" if dark else "#000", fontsize=8)
    ax.set_xticks(range(len(BANDS)), [label for _, label in BANDS])
    ax.set_yticks(range(len(days)), list(days))
    fig.subplots_adjust(left=0.14, bottom=0.12)
    return _svg(fig, "veckodag", "Iakttagelser per veckodag och tid på dygnet")


def map_chart(report: Report) -> Markup:
    """The printable map: a circle at each area's centre, its size by the area's total, labelled."""
    areas = report.numbers.areas.set_index("area")
    totals = report.tables["omraden"].frame.iloc[:-1].set_index("Område")["Totalt"]
    return _map(
        tuple(float(areas.at[area, "lon"]) for area in totals.index),
        tuple(float(areas.at[area, "lat"]) for area in totals.index),
        tuple((str(area), value if isinstance(value, str) else int(value)) for area, value in totals.items()),
    )


@_chart
def _map(lons, lats, totals) -> Markup:
    fig = Figure(figsize=(6.5, 5.5))
    ax = fig.add_subplot()
    largest = max([_number(v) for _, v in totals] + [1.0])
    sizes = [40 + 1400 * _number(value) / largest for _, value in totals]
    ax.scatter(list(lons), list(lats), s=sizes, color=BLUE, alpha=0.45, edgecolors="#003b5c")
    for lon, lat, (area, value) in zip(lons, lats, totals, strict=True):
        label = _label(f"{area}: {value}")
        ax.annotate(label, (lon, lat), xytext=(0, 7), textcoords="offset points", ha="center", fontsize=7)
    fig.subplots_adjust(left=0.14, right=0.97, top=0.97)
    ax.set_xlabel("Longitud")
    ax.set_ylabel("Latitud")
    ax.set_aspect(1 / 0.56)  # about 1/cos(56°): keeps Eslöv's shape on a plain lon/lat plot
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig, "karta", "Karta: iakttagelser per område (cirkelns storlek efter antal)")


def all_charts(report: Report, printable: bool = True) -> dict[str, Markup]:
    """The charts of the report. The printable file draws the map as SVG; the screen has a Leaflet map
    and shows the area totals as bars instead."""
    charts = {
        "kategorier": category_chart(report),
        "manader": month_chart(report),
        "veckor": week_chart(report),
        "veckodag": weekday_chart(report),
    }
    if printable:
        charts["karta"] = map_chart(report)
    else:
        charts["omraden"] = area_chart(report)
    return charts
