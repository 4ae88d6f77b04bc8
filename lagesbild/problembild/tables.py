"""The report's tables as users see them: Swedish headers, totals, suppressed cells as "<3" / "..".

Each table also yields its tidy rows for the CSV (period, area, category, subcategory, measure,
value), built from the very same cells, so the screen and all four files show the same figures.
"""

from dataclasses import dataclass, field

import pandas as pd

from lagesbild.models import ActionStatus

from .frames import BANDS, Numbers, month_label, week_label
from .public import GRIDS, Shown

ALL_AREAS = "Samtliga områden"
ALL_CATEGORIES = "Samtliga kategorier"
TOTAL = "Totalt"
COUNT = "antal"
PREV = "antal föregående period"


@dataclass
class Table:
    key: str
    sheet: str
    title: str
    section: str
    frame: pd.DataFrame
    long: list[dict] = field(default_factory=list)
    note: str = ""


@dataclass
class Context:
    numbers: Numbers
    shown: Shown
    period: str
    prev_period: str
    public: bool

    def row(
        self, value, *, period=None, area=ALL_AREAS, category=ALL_CATEGORIES, subcategory="", measure=COUNT
    ):
        return {
            "period": period or self.period,
            "area": area,
            "category": category,
            "subcategory": subcategory,
            "measure": measure,
            "value": value,
        }


def change(current, previous):
    """Difference in counts; empty when either side is hidden."""
    if isinstance(current, str) or isinstance(previous, str):
        return ""
    return int(current) - int(previous)


def change_percent(current, previous):
    if isinstance(current, str) or isinstance(previous, str) or not previous:
        return ""
    return round(100 * (int(current) - int(previous)) / int(previous))


def categories_table(ctx: Context) -> Table:
    n, show = ctx.numbers, ctx.shown
    cur = n.area_cat.sum()
    prev = n.subs.groupby("top")["prev"].sum()
    rows, long = [], []
    for code, name in zip(n.top["code"], n.top["name"], strict=True):
        c, p = show(("cat", code), cur.get(code, 0)), show(("pcat", code), prev.get(code, 0))
        rows.append([code, name, c, p, change(c, p), change_percent(c, p)])
        long += [ctx.row(c, category=name), ctx.row(p, period=ctx.prev_period, category=name, measure=PREV)]
    c, p = show(("all",), cur.sum()), show(("pall",), prev.sum())
    rows.append(["", ALL_CATEGORIES, c, p, change(c, p), change_percent(c, p)])
    long += [ctx.row(c), ctx.row(p, period=ctx.prev_period, measure=PREV)]
    columns = ["Kod", "Kategori", "Antal", "Föregående period", "Förändring", "Förändring (%)"]
    return Table(
        "kategorier",
        "Kategorier",
        "Iakttagelser per kategori",
        "omfattning",
        pd.DataFrame(rows, columns=columns),
        long,
    )


def subcategories_table(ctx: Context) -> Table:
    n, show = ctx.numbers, ctx.shown
    names = n.top_names
    rows, long = [], []
    for top, code, name, cur, prev in n.subs[["top", "code", "name", "n", "prev"]].itertuples(index=False):
        c, p = show(("sub", code), cur), show(("psub", code), prev)
        sub = name if code != top else "(utan underkategori)"
        rows.append([names[top], code, sub, c, p, change(c, p)])
        long += [
            ctx.row(c, category=names[top], subcategory=sub),
            ctx.row(p, period=ctx.prev_period, category=names[top], subcategory=sub, measure=PREV),
        ]
    columns = ["Kategori", "Kod", "Underkategori", "Antal", "Föregående period", "Förändring"]
    frame = pd.DataFrame(rows, columns=columns)
    return Table(
        "underkategorier", "Underkategorier", "Iakttagelser per underkategori", "omfattning", frame, long
    )


def _grid_table(ctx, name, labels, col_names, first, all_label, long_row):
    """One of the cross tables in GRIDS, each value as the public variant shows it (by the same keys)."""
    show, table, (cell, row, col) = ctx.shown, getattr(ctx.numbers, name), GRIDS[name]
    rows, long = [], []
    for r in table.index:
        values = [show((cell, r, c), table.at[r, c]) for c in table.columns]
        total = show((row, r), table.loc[r].sum())
        rows.append([labels(r), *values, total])
        long += [long_row(r, c, v) for c, v in zip(table.columns, values, strict=True)]
    totals = [show((col, c), table[c].sum()) for c in table.columns]
    rows.append([all_label, *totals, show(("all",), table.to_numpy().sum())])
    return pd.DataFrame(rows, columns=[first, *[col_names(c) for c in table.columns], TOTAL]), long


def areas_table(ctx: Context) -> Table:
    names = ctx.numbers.top_names
    frame, long = _grid_table(
        ctx, "area_cat", str, names.get,
        "Område", ALL_AREAS, lambda a, c, v: ctx.row(v, area=a, category=names[c]),
    )  # fmt: skip
    return Table("omraden", "Områden", "Iakttagelser per område och kategori", "var", frame, long)


def months_table(ctx: Context) -> Table:
    names = ctx.numbers.top_names
    frame, long = _grid_table(
        ctx, "month_cat", month_label, names.get,
        "Månad", TOTAL, lambda m, c, v: ctx.row(v, period=m, category=names[c]),
    )  # fmt: skip
    return Table("manader", "Månader", "Årshjulet: iakttagelser per månad och kategori", "nar", frame, long)


def weekday_table(ctx: Context) -> Table:
    bands = dict(BANDS)
    frame, long = _grid_table(
        ctx, "weekday_band", lambda d: d.capitalize(), bands.get,
        "Veckodag", TOTAL, lambda d, b, v: ctx.row(v, measure=f"antal ({d}, {bands[b]})"),
    )  # fmt: skip
    return Table("veckodag_tid", "Veckodag och tid", "Veckodag och tid på dygnet", "nar", frame, long)


def weeks_table(ctx: Context) -> Table:
    show = ctx.shown
    rows, long = [], []
    for week, n in ctx.numbers.week.items():
        value = show(("week", week), n)
        rows.append([week_label(week), value])
        long.append(ctx.row(value, period=week))
    rows.append([TOTAL, show(("all",), ctx.numbers.week.sum())])
    frame = pd.DataFrame(rows, columns=["Vecka", "Antal"])
    return Table("veckor", "Veckor", "Iakttagelser per ISO-vecka", "nar", frame, long)


def development_table(ctx: Context) -> Table:
    show = ctx.shown
    current = ctx.numbers.month_cat.sum(axis=1)
    previous = ctx.numbers.month_prev
    rows, long = [], []
    for i in range(max(len(current), len(previous))):
        m = current.index[i] if i < len(current) else None
        pm = previous.index[i] if i < len(previous) else None
        c = show(("month", m), current.iloc[i]) if m else ""
        p = show(("pmonth", pm), previous.iloc[i]) if pm else ""
        rows.append(
            [
                month_label(m) if m else "",
                c,
                month_label(pm) if pm else "",
                p,
                change(c, p) if m and pm else "",
            ]
        )
        if pm:
            long.append(ctx.row(p, period=pm, measure=PREV))
    c, p = show(("all",), current.sum()), show(("pall",), previous.sum())
    rows.append([TOTAL, c, TOTAL, p, change(c, p)])
    columns = ["Månad", "Antal", "Månad föregående period", "Antal föregående period", "Förändring"]
    return Table(
        "utveckling",
        "Utveckling",
        "Utveckling mot föregående period, månad för månad",
        "utveckling",
        pd.DataFrame(rows, columns=columns),
        long,
    )


def actions_table(ctx: Context, actions: pd.Series) -> Table:
    show = ctx.shown
    rows, long = [], []
    for status in ActionStatus:
        value = show(("action", status.value), actions.get(status.value, 0))
        rows.append([status.label, value])
        long.append(ctx.row(value, measure=f"åtgärder ({status.label.lower()})"))
    rows.append([TOTAL, show(("actions",), actions.sum())])
    frame = pd.DataFrame(rows, columns=["Status", "Antal åtgärder"])
    note = "Åtgärder beslutade vid gruppens möten under perioden, efter nuvarande status."
    return Table("atgarder", "Åtgärder", "Åtgärder från mötena per status", "atgarder", frame, long, note)


def activities_table(ctx: Context) -> Table:
    show = ctx.shown
    subs = ctx.numbers.subs[ctx.numbers.subs["is_activity"].astype(bool)]
    rows, long = [], []
    for code, name, cur, prev in subs[["code", "name", "n", "prev"]].itertuples(index=False):
        c, p = show(("sub", code), cur), show(("psub", code), prev)
        rows.append([name, code, c, p, change(c, p)])
    frame = pd.DataFrame(rows, columns=["Aktivitet", "Kod", "Antal", "Föregående period", "Förändring"])
    note = "Aktiviteter (AKT) som medlemmarna rapporterat: patrullering, trygghetsvandringar, dialoger m.m."
    return Table("aktiviteter", "Aktiviteter", "Genomförda aktiviteter (AKT)", "atgarder", frame, long, note)
