"""Whether the comparison period is too thin to compare with. Pure.

The rule: the previous period (report.previous_period) holds fewer than half as many counted
observations as the period itself, and the period holds some. Then a rise against it says more about
how much the group reported then (a group that started during the comparison period, a partner that
joined later) than about the problems, so the problembild says so above its figures.
"""

from datetime import date

from lagesbild.periods import format_date

THIN_SHARE = 0.5


def is_thin(total: int, previous: int) -> bool:
    return total > 0 and previous < THIN_SHARE * total


def warning(total: int, previous: int, prev_start: date, prev_end: date) -> str | None:
    """The Swedish warning, or None when the comparison period holds enough data."""
    if not is_thin(total, previous):
        return None
    return (
        f"Jämförelseperioden ({format_date(prev_start)} – {format_date(prev_end)}) har mindre än hälften så "
        "många iakttagelser som perioden. Förändringarna mot den kan bero på att gruppen rapporterade "
        "mindre då, inte på att problemen har ökat: läs dem med försiktighet."
    )
