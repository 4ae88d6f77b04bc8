"""Every number and date a reader sees on the demo's main pages is Swedish (issue #13 item 8): a cheap net
under the format filters, one request a page, no browser."""

import re
from html.parser import HTMLParser

from sqlalchemy import select

from lagesbild.extensions import db
from lagesbild.models import Agreement, AnalysisDraft, Meeting, Walk

# A date written the machine way, where a person reads it.
ISO_DAY = re.compile(r"\b20\d\d-\d\d-\d\d\b")
# Four or more digits not grouped by the Swedish (no-break/thin) space. Left alone: years (1900–2099),
# identifiers ("#3294", "nr 3294"), codes with a leading zero ("Mötesplats 0413"), references ("EPSG:4326",
# "ISO 8601").
UNGROUPED = re.compile(r"(?<![\d#:\w\u00a0\u202f,.])(?<!nr )(?<!ISO )[1-9]\d{3,}(?![\d\w])")
# A decimal point where Swedish has a comma; "kl. 21.30" and addresses (127.0.0.1) are not numbers.
DECIMAL_POINT = re.compile(r"(?<![\d.])(?<!kl\. )\d+\.\d+(?![\d.])")


class _VisibleText(HTMLParser):
    """The text a reader sees: element text and the attributes read out (title, aria-label, alt), not
    scripts, styles, form values, datetime= attributes nor links. A chart's <text> is element text."""

    SPOKEN = ("title", "aria-label", "alt", "placeholder")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "textarea"):
            self._hidden += 1
        self.parts += [value for name, value in attrs if name in self.SPOKEN and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "textarea"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def not_swedish(text: str) -> list[str]:
    def is_year(match):
        return 1900 <= int(match.group()) <= 2099

    found = [m.group() for m in ISO_DAY.finditer(text)]
    found += [m.group() for m in UNGROUPED.finditer(text) if not is_year(m)]
    found += [m.group() for m in DECIMAL_POINT.finditer(text)]
    return found


def test_the_rule_catches_machine_formats_and_spares_swedish_ones():
    assert not_swedish("före 2024-11-30, 1190 iakttagelser, 36.6") == ["2024-11-30", "1190", "36.6"]
    swedish = "30 november 2026 kl. 16.11, 1\u00a0190 iakttagelser, 36,6, år 2026, #3294, nr 3340, 127.0.0.1"
    assert not_swedish(swedish + ", Mötesplats 0413, EPSG:4326, ISO 8601-veckor") == []


def test_the_demo_pages_show_swedish_numbers_and_dates(demo_copy):
    """The pages a coordinator and the group read: promises, plan, agreement, analysis, meetings, the
    problembild (its charts' axes too), walks, the gallring page and the audit trail (which shows logged
    ISO dates as Swedish dates). On the whole demo (year totals above 1 000, years to gallra), in a copy
    of this test's own: signing in writes."""
    app = demo_copy.app
    client = app.test_client()
    with app.app_context():
        meeting = db.session.scalar(select(Meeting.id).where(Meeting.closed_at.is_not(None)).limit(1))
        agreement = db.session.scalar(select(Agreement.id).limit(1))
        draft = db.session.scalar(select(AnalysisDraft.id).limit(1))
        walk = db.session.scalar(select(Walk.id).where(Walk.held_on.is_not(None)).limit(1))
    response = client.post(
        "/logga-in", data={"email": "samordnare@demo.example.com", "password": "samordnare-demo-2026"}
    )
    assert response.status_code == 302
    pages = [
        "/start",
        "/mina-iakttagelser",
        "/vecka",
        f"/moten/{meeting}",
        "/medborgarloften",
        "/atgardsplan",
        "/atgardsplan/dokument.html",
        f"/overenskommelser/{agreement}",
        "/analys",
        f"/analys/utkast/{draft}",
        "/problembild",
        "/trygghetsvandringar",
        f"/trygghetsvandringar/{walk}",
        "/admin/gallring",
        "/admin/logg",
    ]
    problems = {}
    for path in pages:
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        if found := not_swedish(visible_text(response.get_data(as_text=True))):
            problems[path] = found[:5]
    assert problems == {}
