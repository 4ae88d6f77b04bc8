"""The week's figures: area × category counts with their usual level, and the trend flags. Pure.

Input is plain counts per (area id, top-category id) for the period, the 8 previous periods and the same
weeks last year (lagesbild/meeting/queries.py fetches them with one GROUP BY). Counts are active
observations that *occurred* in a meeting period (periods.py: ISO weeks, Europe/Stockholm days), all
sharing levels included: restricted observations count, they just show no details. Observations reported
late about earlier dates are listed on the week page but count in the period they occurred in, so a
baseline is never counted twice. Web page, snapshot and the `flask vecka` command use the same figures.
"""

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

from lagesbild import formats

from . import trends

Cell = tuple[int, int]  # (area id, top-category id)


def format_number(value: float) -> str:
    """Swedish number for a count or a mean: "2", "1,4", "1 073" (lagesbild/formats.py's rule)."""
    return formats.tal(value, 1)


def format_change(value: float) -> str:
    text = format_number(abs(value))
    if text == "0":
        return "±0"
    return f"+{text}" if value > 0 else f"−{text}"


@dataclass
class Flag:
    area_id: int
    area: str
    category_id: int
    category: str
    count: int
    usual: float
    last_year: int
    p_usual: float
    p_last_year: float
    text: str = ""


@dataclass
class AreaRow:
    area_id: int
    name: str
    counts: list[int]
    total: int
    usual: float
    last_year: int
    change: str = ""
    usual_text: str = ""


@dataclass
class WeekFigures:
    """Everything the table, the map's area totals, the flags and the snapshot show."""

    columns: list[dict]  # [{"id": …, "name": …}] top categories, in display order
    rows: list[AreaRow]
    column_totals: list[int]
    total: int
    usual: float
    last_year: int
    flags: list[Flag] = field(default_factory=list)
    change: str = ""
    usual_text: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    def area_totals(self) -> dict[int, int]:
        return {row.area_id: row.total for row in self.rows}


def flag_text(category: str, area: str, count: int, usual: float, last_year: int) -> str:
    return (
        f"Ökning: {category} i {area} — {count} mot normalt {format_number(usual)}"
        f" (samma veckor i fjol: {last_year})"
    )


def build_figures(
    current: Mapping[Cell, int],
    previous: Sequence[Mapping[Cell, int]],
    last_year: Mapping[Cell, int],
    areas: Mapping[int, str],
    categories: Mapping[int, str],
) -> WeekFigures:
    """Build the week's table and flags; `areas` and `categories` map ids to names in display order.

    Rows are the areas with something this period or usually; columns are all the given categories.
    """
    flags = []
    for trend in trends.rises(current, previous, last_year):
        area_id, category_id = trend.cell
        if area_id not in areas or category_id not in categories:
            continue
        flags.append(
            Flag(
                area_id=area_id,
                area=areas[area_id],
                category_id=category_id,
                category=categories[category_id],
                count=trend.count,
                usual=round(trend.usual, 2),
                last_year=trend.last_year,
                p_usual=trend.p_usual,
                p_last_year=trend.p_last_year,
                text=flag_text(
                    categories[category_id], areas[area_id], trend.count, trend.usual, trend.last_year
                ),
            )
        )

    n_previous = max(len(previous), 1)

    def usual_of(cells) -> float:
        return sum(period.get(cell, 0) for period in previous for cell in cells) / n_previous

    rows = []
    for area_id, name in areas.items():
        cells = [(area_id, category_id) for category_id in categories]
        counts = [current.get(cell, 0) for cell in cells]
        usual = usual_of(cells)
        if sum(counts) == 0 and usual == 0:
            continue
        rows.append(
            AreaRow(
                area_id=area_id,
                name=name,
                counts=counts,
                total=sum(counts),
                usual=round(usual, 2),
                last_year=sum(last_year.get(cell, 0) for cell in cells),
                change=format_change(sum(counts) - usual),
                usual_text=format_number(usual),
            )
        )
    all_cells = [(a, c) for a in areas for c in categories]
    total = sum(row.total for row in rows)
    usual_total = usual_of(all_cells)
    return WeekFigures(
        columns=[{"id": category_id, "name": name} for category_id, name in categories.items()],
        rows=rows,
        column_totals=[sum(row.counts[i] for row in rows) for i in range(len(categories))],
        total=total,
        usual=round(usual_total, 2),
        last_year=sum(last_year.get(cell, 0) for cell in all_cells),
        flags=flags,
        change=format_change(total - usual_total),
        usual_text=format_number(usual_total),
    )


def render_text(figures: WeekFigures, title: str) -> str:
    """The figures as plain text for the terminal (`flask vecka 2026-47`)."""
    names = [column["name"] for column in figures.columns]
    width = max([len("Område"), *(len(row.name) for row in figures.rows), len("Totalt")])
    short = [name[:12] for name in names]
    lines = [title, ""]
    header = f"{'Område':<{width}} " + " ".join(f"{s:>12}" for s in short) + f" {'Totalt':>7} {'Normalt':>8}"
    lines += [header, "-" * len(header)]
    for row in figures.rows:
        cells = " ".join(f"{n:>12}" for n in row.counts)
        lines.append(f"{row.name:<{width}} {cells} {row.total:>7} {row.usual_text:>8}")
    cells = " ".join(f"{n:>12}" for n in figures.column_totals)
    lines.append(f"{'Totalt':<{width}} {cells} {figures.total:>7} {figures.usual_text:>8}")
    lines.append("")
    if figures.flags:
        lines += [flag.text for flag in figures.flags]
    else:
        lines.append("Inga ökningar över det normala.")
    return "\n".join(lines)
