"""What an analysis draft holds, as plain data: its JSON form and what changed between two drafts (pure).

Sections follow lag 2023:196 § 4 and Brå's step 3: what the mapping shows, other information (the
trygghetsmätning, dialogues with citizens and staff, police statistics), what was left out and why,
and the consequences; then up to MAX_PROBLEMS prioritised problems, ranked in the order given, each
with its reasoning and a cause analysis from three angles — the place, the victims, the offenders —
about groups and situations, never about persons.
"""

import json
from dataclasses import asdict, dataclass, field

SECTIONS = (
    ("kartlaggning", "Kartläggningen: vad problembilden visar"),
    (
        "annan_information",
        "Annan information: trygghetsmätningen, dialoger med medborgare och medarbetare, polisens statistik",
    ),
    ("utelamnat", "Det som lämnades utanför och varför"),
    ("konsekvenser", "Konsekvenser av problemen"),
)
CAUSES = (
    ("place", "Platsen"),
    ("victims", "De utsatta"),
    ("offenders", "Gärningspersonerna (grupper och situationer)"),
)
MAX_PROBLEMS = 5


@dataclass(frozen=True)
class Problem:
    """A prioritised problem: a category in an area from the Underlag ranking, with its figures then."""

    rank: int
    category: str
    area: str
    n: int
    change: int
    reasoning: str = ""
    place: str = ""
    victims: str = ""
    offenders: str = ""

    @property
    def label(self) -> str:
        return f"{self.category} i {self.area}"


@dataclass(frozen=True)
class Content:
    sections: dict[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not any(self.sections.values()) and not self.problems


def to_json(content: Content) -> str:
    return json.dumps(
        {"sections": content.sections, "problems": [asdict(p) for p in content.problems]},
        ensure_ascii=False,
        sort_keys=True,
    )


def from_json(text: str) -> Content:
    data = json.loads(text)
    return Content(
        sections={key: data["sections"].get(key, "") for key, _ in SECTIONS},
        problems=tuple(Problem(**problem) for problem in data["problems"]),
    )


def changed_parts(before: Content | None, after: Content) -> list[str]:
    """The Swedish names of the parts `after` changed compared with `before` (all that it has, first)."""
    before = before or Content()
    parts = [label for key, label in SECTIONS if before.sections.get(key, "") != after.sections.get(key, "")]
    if before.problems != after.problems:
        parts.append("Prioriterade problem och orsaker")
    return parts
