"""The problembild's charts keep their style to themselves: waitress serves them from several threads."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import matplotlib

from lagesbild.problembild.charts import all_charts, forget_drawn
from lagesbild.problembild.report import build_report


def test_charts_leave_matplotlibs_settings_alone_and_draw_the_same_from_many_threads(
    problembild_world, db_read
):
    report = db_read(lambda session: build_report(session, date(2025, 1, 1), date(2025, 12, 31)))
    alone = all_charts(report)
    for key in ("font.size", "svg.fonttype", "svg.hashsalt"):
        assert matplotlib.rcParams[key] == matplotlib.rcParamsDefault[key], key
    # Text as <text> at 9 px, and clip ids salted by the chart's name, as the report's style says.
    assert "<text" in alone["kategorier"] and "font-size: 9px" in alone["kategorier"]
    assert "font-size: 10px" not in alone["kategorier"]
    ids = {name: set(re.findall(r'clipPath id="(p[0-9a-f]+)"', svg)) for name, svg in alone.items()}
    assert all(ids.values()) and not set.intersection(*ids.values())

    def drawn_anew(_):
        forget_drawn()  # each thread draws (charts are otherwise kept while their figures stay the same)
        return all_charts(report)

    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(drawn_anew, range(8)))
    assert all(charts == alone for charts in together), "same text size and ids whatever runs beside"


def test_a_kept_chart_is_served_only_while_its_figures_stay_the_same(
    problembild_world, make_observation, db_read
):
    def charts():
        return all_charts(
            db_read(lambda session: build_report(session, date(2025, 1, 1), date(2025, 12, 31)))
        )

    before = charts()
    assert charts() == before
    make_observation(category="SKG.KLOTTER", place="Berga", occurred_on=date(2025, 6, 3))
    after = charts()
    assert after["kategorier"] != before["kategorier"] and after["manader"] != before["manader"]
    assert after["veckodag"] != before["veckodag"]
