"""The analysis and the åtgärdsplan read only what they show (the week roll-up plus the raw rows at a
period's edges): their figures must be the whole problembild's, to the cell."""

from datetime import date, timedelta

import pytest

from lagesbild.meeting_day import set_meeting_day
from lagesbild.problembild.report import build_report, plan_report_tables, underlag_report_tables

from .support import data_context

PERIODS = [
    (date(2025, 1, 1), date(2025, 12, 31)),  # a calendar year: both edges inside a meeting period
    (date(2025, 3, 14), date(2025, 3, 14)),  # one day: no whole period at all
    (date(2025, 2, 3), date(2025, 9, 17)),
    (date(2025, 12, 29), date(2026, 1, 4)),  # across the new year (last: its total is checked)
]


@pytest.mark.parametrize("weekday", [4, 7])  # the default Thursday, then every boundary moves
def test_analysis_and_plan_tables_equal_the_whole_reports(
    app, problembild_world, make_observation, db_read, weekday
):
    # One observation on each day around both new years, so every edge day counts in some cell.
    codes = ("SKG.KLOTTER", "BRD.AVFALL", "TRF.FORTKORNING", "ORD.UNGDOMSGRUPP")
    days = [date(2024, 12, 24) + timedelta(days=i) for i in range(14)]
    days += [date(2025, 12, 24) + timedelta(days=i) for i in range(14)]
    for i, day in enumerate(days):
        make_observation(codes[i % 4], ("Stora torg", "Källebergsskolan")[i % 2], occurred_on=day)
    with data_context(app) as session:
        set_meeting_day(session, weekday, None, via="admin")  # rebuilds the roll-up in these periods
        session.commit()

    def compare(session):
        for start, end in PERIODS:
            whole = build_report(session, start, end).tables
            shown = {**underlag_report_tables(session, start, end), **plan_report_tables(session, start, end)}
            assert set(shown) == {"underlag_antal", "underlag_okning", "kategorier", "medborgarloften"}
            for key, table in shown.items():
                assert table.frame.equals(whole[key].frame), (start, end, key)
                assert table.long == whole[key].long, (start, end, key)
        return shown["kategorier"].frame

    categories = db_read(compare)
    # 29 December – 4 January: seven of the edge days' rows and the world's four on 31 December
    assert int(categories["Antal"].iloc[-1]) == 11
