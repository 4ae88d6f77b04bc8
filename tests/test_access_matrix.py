"""Every route × role, asserted exactly against docs/access.md."""

import re
from pathlib import Path

import pytest

from lagesbild.extensions import db

from .access_objects import matrix_world, sign_in

ACCESS_TABLE = Path(__file__).resolve().parent.parent / "docs" / "access.md"
ROLES = ("anonym", "medlem", "ordförande", "samordnare", "styrgrupp")
PLACEHOLDER = re.compile(r"\{([a-z_.]+)\}")


def read_table() -> list[tuple[str, str, dict[str, int]]]:
    rows = []
    for line in ACCESS_TABLE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == len(ROLES) + 2 and cells[0] in {"GET", "POST"}:
            method, path, *codes = cells
            rows.append((method, path.strip("`"), dict(zip(ROLES, map(int, codes), strict=True))))
    return rows


ROWS = read_table()


def _rule_regex(rule: str) -> re.Pattern:
    pattern = re.sub(r"<[^>]+>", "[^/]+", rule)
    return re.compile(f"^{pattern}$")


def test_every_route_has_a_row(app):
    covered = [(method, PLACEHOLDER.sub("x", path)) for method, path, _ in ROWS]
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        regex = _rule_regex(rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if not any(m == method and regex.match(p) for m, p in covered):
                missing.append(f"{method} {rule.rule}")
    assert not missing, f"routes without a row in docs/access.md: {missing}"


@pytest.mark.parametrize(("method", "path", "expected"), ROWS, ids=[f"{m} {p}" for m, p, _ in ROWS])
def test_access(app, make_org, make_user, make_observation, method, path, expected):
    # A fresh world for each row (a POST may change it), which the five roles' requests share in turn.
    world = matrix_world(app, make_org, make_user, make_observation)
    with app.app_context():
        engine = db.engine
    actual = {}
    for role in ROLES:
        client = app.test_client()
        user = world.user_for(role)
        if user is not None:
            sign_in(app, engine, client, user)
        url = PLACEHOLDER.sub(lambda m: str(world.resolve(m.group(1))), path)
        response = client.open(url, method=method, data={} if method == "POST" else None)
        actual[role] = response.status_code
    assert actual == expected
