"""Generated hostile values at every GET route's query string and path, and at the forms that read
numbers or dates: never a 500, and a refused form speaks Swedish.

The routes come from the app's url_map, their concrete paths from docs/access.md (resolved as in the
access matrix), the query parameters from those rows and from every GET form the pages render; a new
route or filter is therefore covered without touching this file. The values are the classes that once
gave 500s (issue #9, item 8): whitespace of every kind, other scripts' digits, huge and negative
integers, days in year 1 and 9999, NUL, very long strings, mixed with valid values.
"""

import csv
import fcntl
import io
import json
import os
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .access_objects import build_world
from .support import login
from .test_access_matrix import PLACEHOLDER, _rule_regex, read_table
from .test_observations_hostile import SETTINGS, hostile_text

WHITESPACE = " \t\n\r\x0b\x0c\x85\xa0\u1680\u2003\u2028\u3000\ufeff\u200b"
OTHER_DIGITS = "²³¹¼٠١٢٣٤٥٦٧٨٩۵१२੩୫௭๓༣፩߂᠑𝟚①⑩〇"
EDGE_NUMBERS = (
    "9223372036854775808",
    "-9223372036854775809",
    "2147483648",
    "99999999999999999999",
    "9" * 5000,
    "0",
    "-1",
    "1e9",
    "NaN",
    "inf",
    "0x10",
    "1_000",
    "+5",
    "00000000000000000001",
)
EDGE_DAYS = (
    "0001-01-01",
    "9999-12-31",
    "1999-12-31",
    "2101-01-01",
    "2026-02-30",
    "2026-13-01",
    "-2026-01-01",
)
# WTForms' own (English) refusals: a form that shows one has a field without a Swedish message.
ENGLISH = ("Not a valid", "Invalid Choice", "Invalid choice", "This field is required", "Field must be")


def hostile_value():
    return st.one_of(
        st.text(alphabet=WHITESPACE, min_size=1, max_size=4),
        st.text(alphabet=OTHER_DIGITS + "0123456789", min_size=1, max_size=6),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(EDGE_NUMBERS),
        st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
        st.sampled_from(EDGE_DAYS),
        st.text(max_size=6).map(lambda text: text + "\x00"),
        st.sampled_from(("x" * 5000, "å" * 3000, "1,2", "2026-47", "SKG", "polis", "kvall", "intern")),
        hostile_text(),
    )


class _Forms(HTMLParser):
    """The forms on a page: (method, the paths it posts to, field names)."""

    def __init__(self, page: str):
        super().__init__()
        self.page = page
        self.forms: list[tuple[str, set[str], list[str]]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urlsplit(attrs.get("action") or "").path or self.page
            self.forms.append(((attrs.get("method") or "get").lower(), {action}, []))
        elif self.forms and attrs.get("formaction"):  # a button that posts the same form elsewhere
            self.forms[-1][1].add(urlsplit(attrs["formaction"]).path)
        if (
            tag in ("input", "select", "textarea")
            and self.forms
            and attrs.get("name") not in (None, "csrf_token")
        ):
            self.forms[-1][2].append(attrs["name"])


def forms_on(html: str, page: str) -> list[tuple[str, set[str], list[str]]]:
    parser = _Forms(page)
    parser.feed(html)
    return parser.forms


# The GET forms' fields, read once per test run: visiting every page to find them costs ~10 s, and the
# pages' forms are the same for every test's world. The first worker to need them crawls; the others of
# the same run read its file (xdist's workers share the parent of their temporary folders).
_FORM_PARAMS: set[str] = set()


def _crawl_file(tmp_path_factory) -> Path | None:
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    return tmp_path_factory.getbasetemp().parent / f"get-form-fields-{run}.json" if run else None


class Site:
    """The app's GET routes as concrete paths, the query parameters in use, and signed-in clients."""

    def __init__(self, app, world, crawl_file: Path | None = None):
        self.world = world
        self.clients = {}
        for role in ("medlem", "samordnare"):
            client = app.test_client()
            assert login(client, world.user_for(role)).status_code == 302
            self.clients[role] = client
        rows = [(m, p, codes) for m, p, codes in read_table() if m == "GET"]
        self.rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static" and "GET" in r.methods]
        self.paths: dict[str, str] = {}
        params: set[str] = set()
        for _method, path, _codes in rows:
            params.update(key for key, _ in parse_qsl(urlsplit(path).query))
        for rule in self.rules:
            regex = _rule_regex(rule.rule)
            usable = [  # a row the coordinator gets 200 on comes first
                (codes["samordnare"] != 200, path)
                for _m, path, codes in rows
                if regex.match(PLACEHOLDER.sub("x", path.split("?")[0]))
            ]
            assert usable, f"GET {rule.rule} has no row in docs/access.md"
            path = PLACEHOLDER.sub(lambda m: str(world.resolve(m.group(1))), min(usable)[1].split("?")[0])
            self.paths[rule.rule] = path
        if not _FORM_PARAMS:
            _FORM_PARAMS.update(self._shared_form_fields(crawl_file))
        # Read without a form: redirects, back links.
        self.params = sorted(params | _FORM_PARAMS | {"next", "tillbaka"})

    def _shared_form_fields(self, crawl_file: Path | None) -> set[str]:
        if crawl_file is None:
            return self._get_form_fields()
        with open(crawl_file.with_suffix(".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # the others wait for the first worker's crawl
            if crawl_file.exists():
                return set(json.loads(crawl_file.read_text()))
            names = self._get_form_fields()
            crawl_file.write_text(json.dumps(sorted(names)))
            return names

    def _get_form_fields(self) -> set[str]:
        """The field names of every GET form on every page, as the coordinator sees them."""
        names: set[str] = set()
        for path in self.paths.values():
            response = self.clients["samordnare"].get(path)
            if response.mimetype == "text/html":
                for method, _actions, fields in forms_on(response.get_data(as_text=True), path):
                    if method == "get":
                        names.update(fields)
        return names

    def get(self, role: str, path: str, query=None):
        response = self.clients[role].get(path, query_string=query)
        assert response.status_code < 500, f"GET {path} {query!r} as {role}: {response.status_code}"
        return response


@pytest.fixture
def site(app, reference, make_org, make_user, make_observation, tmp_path_factory):
    world = build_world(app, make_org, make_user, make_observation=make_observation)
    make_observation(author=world.member)  # something in the current period to filter and page
    return Site(app, world, _crawl_file(tmp_path_factory))


def test_every_get_route_is_covered(site):
    assert {rule.rule for rule in site.rules} == set(site.paths)
    for name in ("omrade", "organisationstyp", "tid", "kategori", "sida", "role", "date_from", "from", "ar"):
        assert name in site.params, name


# Each generated example visits one of PARTS interleaved shares of the routes (the share is drawn
# too, so a failure replays), instead of all of them: the routes doubled with the yearly plan, mail
# and walks, and every example visiting every route made these two tests half of CI's time. The
# examples stay 60 each; every route still meets every value class in the sweep below, and about
# 60 / PARTS generated values of its own.
PARTS = 4
# One value of each hard class in every parameter at once, on every route, for the coordinator (who
# reaches the most pages): no route is left to the draw of the shares.
SWEEP = ("0001-01-01", "99999999999999999999", "\x00 \u2028٢")


def _share(data, items: list) -> list:
    part = data.draw(st.integers(min_value=0, max_value=PARTS - 1), label="share of the routes")
    return items[part::PARTS]


def test_every_get_route_survives_edge_values_in_every_parameter(site):
    for value in SWEEP:
        for path in site.paths.values():
            site.get("samordnare", path, dict.fromkeys(site.params, value))


@settings(SETTINGS, max_examples=60)
@given(data=st.data())
def test_hostile_query_values_on_every_get_route(site, data):
    query = data.draw(st.dictionaries(st.sampled_from(site.params), hostile_value(), min_size=1, max_size=4))
    role = data.draw(st.sampled_from(sorted(site.clients)))
    for path in _share(data, list(site.paths.values())):
        site.get(role, path, query)


@settings(SETTINGS, max_examples=60)
@given(data=st.data())
def test_hostile_path_values_on_every_get_route(site, data):
    value = data.draw(hostile_value())
    segment = quote(value, safe="") or "x"
    for rule in _share(data, [rule for rule in site.rules if rule.arguments]):
        site.get("samordnare", re.sub(r"<[^>]+>", segment, rule.rule))


# --- the POST forms that read numbers or dates --------------------------------------------------------

# (page that shows the form, where it posts, whether a 200 answer means refused); the field names are
# read from the rendered form. The import preview answers a new column choice with 200 by design.
NUMBER_FORMS = (
    ("/iakttagelser/ny", "/iakttagelser/ny", True),
    ("/moten/{meeting.open}", "/moten/{meeting.open}/atgarder", True),
    ("/moten/{meeting.open}", "/moten/{meeting.open}/narvaro", True),
    ("/moten/{meeting.open}", "/atgarder/{action.open}/status", True),
    ("/atgarder/{action.open}/andra", "/atgarder/{action.open}/andra", True),
    ("/medborgarloften/nytt", "/medborgarloften/nytt", True),
    ("/medborgarloften/{promise.any}/andra", "/medborgarloften/{promise.any}/andra", True),
    ("/admin/anvandare/ny", "/admin/anvandare/ny", True),
    ("/iakttagelser/import/{import.own}", "/iakttagelser/import/{import.own}", False),
    ("/iakttagelser/import/{import.own}", "/iakttagelser/import/{import.own}/genomfor", True),
)
MESSAGE_MARKS = ('role="alert"', "field__error", "flash--error")


@pytest.fixture
def number_forms(site):
    def resolve(path):
        return PLACEHOLDER.sub(lambda m: str(site.world.resolve(m.group(1))), path)

    targets = []
    for page, action, refusal_is_200 in NUMBER_FORMS:
        page, action = resolve(page), resolve(action)
        html = site.get("samordnare", page).get_data(as_text=True)
        names = sorted(
            {name for _m, actions, names in forms_on(html, page) if action in actions for name in names}
        )
        assert names, f"no form posting to {action} on {page}"
        targets.append((action, names, refusal_is_200))
    return targets


def assert_swedish(response):
    assert response.status_code < 500
    if response.status_code == 200:
        html = response.get_data(as_text=True)
        english = [html[max(0, i - 200) : i + 100] for i in (html.find(text) for text in ENGLISH) if i >= 0]
        assert not english, english


@settings(SETTINGS, max_examples=60)
@given(data=st.data())
def test_hostile_values_in_the_forms_that_read_numbers_and_dates(site, number_forms, data):
    for action, names, refusal_is_200 in number_forms:
        values = data.draw(st.dictionaries(st.sampled_from(names), hostile_value(), min_size=1), label=action)
        response = site.clients["samordnare"].post(action, data=values)
        assert_swedish(response)
        html = response.get_data(as_text=True)
        if refusal_is_200 and response.status_code == 200 and not any(mark in html for mark in MESSAGE_MARKS):
            pytest.fail(f"POST {action} {values!r}: refused without a message")


SURVEY_COLUMNS = ("year", "area", "indicator", "value", "source", "published")


@settings(SETTINGS, max_examples=100)
@given(
    cells=st.fixed_dictionaries({name: hostile_value() for name in SURVEY_COLUMNS}), content=hostile_value()
)
def test_hostile_survey_cells_and_confirmation(site, cells, content):
    client = site.clients["samordnare"]
    out = io.StringIO()
    csv.writer(out).writerows([SURVEY_COLUMNS, [cells[name] for name in SURVEY_COLUMNS]])
    data = out.getvalue().encode("utf-8", "surrogatepass")
    upload = client.post(
        "/trygghetsmatning/importera",
        data={"file": (io.BytesIO(data), "matning.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,  # a file that passes waits on the server: its preview
    )
    assert_swedish(upload)
    assert upload.status_code == 200
    # A hostile token in place of the pending upload's: the 404 page, never a 500 or an import.
    token = quote(("x" + content).encode("utf-8", "surrogatepass"), safe="")
    confirm = client.post(f"/trygghetsmatning/importera/{token}/bekrafta")
    assert confirm.status_code == 404
