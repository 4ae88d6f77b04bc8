"""The escaping helpers, with hostile strings."""

import pytest

from lagesbild.escaping import for_csv, for_map

HOSTILE = [
    "</script><script>alert(1)</script>",
    "`; alert(1); `",
    "${alert(document.cookie)}",
    '<img src=x onerror="alert(1)">',
    "\\`${1}\\",
    "Robert'); DROP TABLE observation;--",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_map_text_cannot_leave_a_template_literal_or_open_a_tag(text):
    escaped = for_map(text)
    assert "<" not in escaped and ">" not in escaped
    # Every backtick and dollar is preceded by an odd number of backslashes.
    for i, ch in enumerate(escaped):
        if ch in "`$":
            run = len(escaped[:i]) - len(escaped[:i].rstrip("\\"))
            assert run % 2 == 1, escaped


def test_map_text_round_trips_through_a_template_literal_in_node(tmp_path):
    import json
    import shutil
    import subprocess

    node = shutil.which("node")  # installed with npm, which the set-up needs for the map assets
    assert node, "node is part of the set-up (npm)"
    script = (
        "const out = ["
        + ",".join(f"`{for_map(t)}`" for t in HOSTILE)
        + "]; console.log(JSON.stringify(out));"
    )
    result = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True)
    import html

    assert [html.unescape(s) for s in json.loads(result.stdout)] == HOSTILE


@pytest.mark.parametrize("value", ["=1+1", "+46", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_csv_cells_get_an_apostrophe(value):
    assert for_csv(value) == "'" + value


@pytest.mark.parametrize("value", ["Klotter", "", 12, None, "a=b"])
def test_ordinary_cells_are_unchanged(value):
    assert for_csv(value) == value
