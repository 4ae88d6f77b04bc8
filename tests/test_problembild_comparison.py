"""The problembild warns when the comparison period holds much less data than the period itself."""

from datetime import date

import pytest

from lagesbild.models import Role
from lagesbild.problembild.comparison import is_thin

WARNING = "har mindre än hälften så många iakttagelser som perioden"


@pytest.mark.parametrize(
    ("total", "previous", "thin"),
    [(10, 4, True), (10, 5, False), (1, 0, True), (0, 0, False), (1017, 1047, False), (400, 12, True)],
)
def test_a_comparison_period_with_less_than_half_the_data_is_thin(total, previous, thin):
    assert is_thin(total, previous) is thin


def test_problembild_warns_above_the_figures_only_when_last_year_is_thin(
    make_observation, make_user, login_as
):
    author = make_user(Role.MEMBER)
    for day in (date(2025, 3, 2), date(2025, 5, 9), date(2025, 9, 1), date(2024, 6, 1)):
        make_observation(occurred_on=day, author=author)
    client = login_as(make_user(Role.CHAIR))
    thin = client.get("/problembild?from=2025-01-01&to=2025-12-31").get_data(as_text=True)
    assert f"Jämförelseperioden (1 januari 2024 – 31 december 2024) {WARNING}" in thin
    assert thin.index(WARNING) < thin.index('id="omfattning"')  # read before the figures
    public_file = client.get("/problembild/fil/html?from=2025-01-01&to=2025-12-31&variant=offentlig")
    assert WARNING in public_file.get_data(as_text=True)  # the printable file, public variant too
    make_observation(occurred_on=date(2024, 7, 1), author=author)  # two against three: enough to compare
    assert WARNING not in client.get("/problembild?from=2025-01-01&to=2025-12-31").get_data(as_text=True)
