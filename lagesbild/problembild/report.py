"""The problembild: one pure function builds the whole report, for the screen and for every file.

What counts: active observations (withdrawn ones never) whose local (Europe/Stockholm) day of
occurrence, `occurred_on`, lies in the period; each observation counts once, whatever its extent.
Restricted (begränsad) observations count in the internal variant (as numbers only, never their
text) and are left out of the public variant entirely, its promise follow-up included. Weeks are
ISO 8601 weeks (see frames.py).
The previous period has the same length and ends the day before the period starts; a period of whole
calendar months is compared with the same months one period earlier (2026 with 2025).
"""

from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from numbers import Number

import pandas as pd
from sqlalchemy.orm import Session

from lagesbild import formats
from lagesbild.models import ActionStatus
from lagesbild.periods import today_local

from . import comparison, queries
from .followup_tables import (
    action_examples_table,
    coverage_table,
    hotspots_table,
    promises_table,
    survey_table,
    underlag_tables,
)
from .frames import Loaded, Numbers, area_category, numbers
from .public import PromiseFigures, Shown, protect
from .tables import (
    Context,
    Table,
    actions_table,
    activities_table,
    areas_table,
    categories_table,
    development_table,
    months_table,
    subcategories_table,
    weekday_table,
    weeks_table,
)


@dataclass
class Report:
    start: date
    end: date
    prev_start: date
    prev_end: date
    public: bool
    generated_at: datetime
    min_count: int
    numbers: Numbers
    shown: Shown
    tables: dict[str, Table] = field(default_factory=dict)
    promise_figures: PromiseFigures | None = None  # the public variant's promise counts (public.py)

    @property
    def period(self) -> str:
        return f"{self.start.isoformat()}–{self.end.isoformat()}"

    @property
    def prev_period(self) -> str:
        return f"{self.prev_start.isoformat()}–{self.prev_end.isoformat()}"

    @property
    def total(self) -> int | str:
        return self.shown(("all",), self.numbers.area_cat.to_numpy().sum())

    @property
    def comparison_warning(self) -> str | None:
        """Said above the figures when the previous period holds much less data (comparison.py)."""
        total = int(self.numbers.area_cat.to_numpy().sum())
        previous = int(self.numbers.area_cat_prev.to_numpy().sum())
        return comparison.warning(total, previous, self.prev_start, self.prev_end)

    @property
    def slug(self) -> str:
        suffix = "-offentlig" if self.public else ""
        return f"problembild-{self.start.isoformat()}--{self.end.isoformat()}{suffix}"

    def section(self, name: str) -> list[Table]:
        return [table for table in self.tables.values() if table.section == name]


def _month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The equal period just before: whole months shift by months, other periods by days."""
    if start.day == 1 and _month_end(end):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        first = pd.Timestamp(start) - pd.DateOffset(months=months)
        return first.date(), start - timedelta(days=1)
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1)


def load(
    session: Session,
    start: date,
    end: date,
    prev_start: date,
    prev_end: date,
    public: bool,
    parallel: bool = False,
) -> Loaded:
    """Read the report's counts (the public variant never reads places or organisations).

    The counts come from the month and day roll-ups (queries.rolled_period_counts / rolled_day_counts:
    the same figures as the raw rows, without reading them but for a ragged month at either end).
    `parallel` runs the three reads at the same time, each on its own connection that reads the
    session's snapshot (queries.snapshot_connections); the figures are the same as one after another.
    """
    scans = [
        lambda c: queries.rolled_period_counts(c, start, end, public, with_places=not public),
        lambda c: queries.rolled_period_counts(c, prev_start, prev_end, public, with_places=False),
        lambda c: queries.rolled_day_counts(c, start, end, public, with_organisations=not public),
    ]
    with queries.snapshot_connections(session, len(scans)) if parallel else nullcontext() as connections:
        if connections is None:
            cur, prev, days = (scan(session) for scan in scans)
        else:
            with ThreadPoolExecutor(len(scans)) as pool:
                futures = [pool.submit(scan, c) for scan, c in zip(scans, connections, strict=True)]
                cur, prev, days = (future.result() for future in futures)
    return Loaded(
        cur=cur,
        prev=prev,
        days=days,
        areas=queries.areas(session),
        categories=queries.categories(session),
        places=queries.places(session),
        organisations=queries.organisations(session),
        internal=not public,
    )


def _promises(session: Session, start: date, end: date) -> list:
    from lagesbild.promises.progress import promise_progress

    as_of = min(end, today_local())
    return [row for year in range(start.year, end.year + 1) for row in promise_progress(session, year, as_of)]


def _public_promises(session: Session, start: date, end: date, loaded: Loaded) -> PromiseFigures:
    """The promises whose counting window lies inside the period, counted from the public observations.

    Only then is every counted activity also in the report's other tables, so the promise counts can
    join their suppression (public.py); a promise year the period starts inside is left out.
    """
    from lagesbild.promises.progress import counted_cells, counting_window, promise_progress

    as_of = min(end, today_local())
    promises, counted = [], []
    codes = dict(zip(loaded.categories["category_id"], loaded.categories["code"], strict=True))
    areas = dict(zip(loaded.areas["area_id"], loaded.areas["area"], strict=True))
    for year in range(start.year, end.year + 1):
        window = counting_window(year, as_of)
        if window is not None and window[0] < start:
            continue
        promises += [(year, row) for row in promise_progress(session, year, as_of, public=True)]
        counted += [
            (year, codes[cell.category_id], areas[cell.area_id], cell.promise_ids, cell.n)
            for cell in counted_cells(session, year, as_of, public=True)
        ]
    return PromiseFigures(promises, pd.DataFrame(counted, columns=["year", "code", "area", "promises", "n"]))


def _survey(session: Session, start: date, end: date) -> pd.DataFrame:
    from lagesbild.promises.survey import survey_values

    # The survey is published every year or two: show the latest values before the period too.
    return survey_values(session, start.year - 2, end.year)


def build_report(
    session: Session,
    start: date,
    end: date,
    public: bool = False,
    min_count: int = 3,
    now: datetime | None = None,
    parallel: bool = False,
) -> Report:
    """Build the problembild of [start, end] (inclusive); `public` gives the suppressed variant;
    `parallel` runs its grouped scans at the same time (load)."""
    if end < start:
        raise ValueError("end before start")
    prev_start, prev_end = previous_period(start, end)
    loaded = load(session, start, end, prev_start, prev_end, public, parallel=parallel)
    figures = numbers(loaded, start, end, prev_start, prev_end)
    action_counts = queries.action_counts(session, start, end)
    by_status = action_counts.groupby("status")["n"].sum() if len(action_counts) else pd.Series(dtype="int64")
    by_status = by_status.reindex([status.value for status in ActionStatus], fill_value=0)
    if public:
        promise_figures = _public_promises(session, start, end, loaded)
        promises = [row for _, row in promise_figures.promises]
        shown = protect(figures, by_status, min_count, promise_figures)
    else:
        promise_figures, promises = None, _promises(session, start, end)
        shown = Shown(min_count=min_count)
    report = Report(
        start, end, prev_start, prev_end, public, now or queries.generated_now(), min_count, figures, shown,
        promise_figures=promise_figures,
    )  # fmt: skip
    ctx = Context(figures, shown, report.period, report.prev_period, public)
    tables = [
        categories_table(ctx),
        subcategories_table(ctx),
        areas_table(ctx),
        months_table(ctx),
        weeks_table(ctx),
        weekday_table(ctx),
        development_table(ctx),
        actions_table(ctx, by_status),
        activities_table(ctx),
        promises_table(ctx, promises),
        survey_table(ctx, _survey(session, start, end)),
    ]
    if not public:
        tables += [
            hotspots_table(ctx),
            coverage_table(ctx),
            action_examples_table(queries.action_examples(session, start, end)),
            *underlag_tables(ctx),
        ]
    report.tables = {table.key: table for table in tables}
    return report


def _area_category_context(session: Session, start: date, end: date, min_count: int) -> Context:
    """The internal variant's area × category figures of [start, end] and its previous period, read
    from the week roll-up (queries.area_category_counts), as the context the table functions take."""
    if end < start:
        raise ValueError("end before start")
    prev_start, prev_end = previous_period(start, end)
    figures = area_category(
        queries.area_category_counts(session, start, end),
        queries.area_category_counts(session, prev_start, prev_end),
        queries.categories(session),
        queries.areas(session),
    )
    period = f"{start.isoformat()}–{end.isoformat()}"
    prev_period = f"{prev_start.isoformat()}–{prev_end.isoformat()}"
    # Only the fields underlag_tables and categories_table read: AreaCategory is that part of Numbers.
    return Context(figures, Shown(min_count=min_count), period, prev_period, False)  # type: ignore[arg-type]


def underlag_report_tables(session: Session, start: date, end: date) -> dict[str, Table]:
    """build_report(session, start, end)'s Underlag tables (internal), without the rest of the report."""
    ctx = _area_category_context(session, start, end, min_count=3)
    return {table.key: table for table in underlag_tables(ctx)}


def plan_report_tables(session: Session, start: date, end: date, min_count: int = 3) -> dict[str, Table]:
    """build_report(session, start, end)'s "kategorier" and "medborgarloften" tables (internal), which
    the åtgärdsplan shows, without the rest of the report."""
    ctx = _area_category_context(session, start, end, min_count)
    tables = [categories_table(ctx), promises_table(ctx, _promises(session, start, end))]
    return {table.key: table for table in tables}


WEEK_RULE = (
    "Iakttagelser räknas efter den dag de inträffade (svensk tid). Veckor är ISO 8601-veckor "
    "(måndag–söndag, vecka 1 innehåller årets första torsdag) och märks med sitt ISO-veckoår; "
    "första och sista veckan räknar bara dagarna inom perioden."
)


def about_rows(report: Report) -> list[tuple[str, str]]:
    """The "Om rapporten" facts, shared by the workbook and the HTML file."""
    variant = "Offentlig (endast aggregat, små tal dolda)" if report.public else "Intern (för gruppen)"
    total = report.total  # the public variant may hide a small total ("<3"): only a number is formatted
    rows = [
        ("Rapport", "Problembild, Örat mot marken (Eslövs kommun)"),
        ("Period", f"{formats.datum(report.start)} – {formats.datum(report.end)}"),
        ("Jämförelseperiod", f"{formats.datum(report.prev_start)} – {formats.datum(report.prev_end)}"),
        ("Variant", variant),
        ("Skapad", formats.tidpunkt(report.generated_at)),
        ("Antal iakttagelser", formats.tal(total) if isinstance(total, Number) else str(total)),
        ("Vad räknas", "Aktiva iakttagelser (återkallade räknas aldrig); varje iakttagelse räknas en gång."),
        ("Veckoregel", WEEK_RULE),
        ("Jämförelse", "Föregående period är lika lång och slutar dagen före perioden."),
        (
            "Källor",
            "Gruppens iakttagelser, åtgärder från mötena, medborgarlöften och polisens trygghetsmätning.",
        ),
    ]
    if report.public:
        rows += [
            ("Begränsade iakttagelser", "Ingår inte i den offentliga varianten."),
            (
                "Röjandeskydd",
                f"Antal 1–{report.min_count - 1} visas som \u201c<{report.min_count}\u201d. Celler med "
                "\u201c..\u201d är dolda så att de små talen inte kan räknas fram ur summorna.",
            ),
        ]
    else:
        rows.append(("Begränsade iakttagelser", "Ingår i antalen, aldrig med text."))
    return rows
