"""Utlämnande: the releasable fields of observations, what is left out and why, and the secrecy review.

The file is a starting point for the municipality's own secrecy review (sekretessprövning), never its
result: every row carries the checklist points it touches, and the printable page lists them all.
The columns are listed here, explicitly; a column added to the model is left out until it is listed.
"""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lagesbild.escaping import for_csv
from lagesbild.models import Observation, OrganisationKind, ReportedToPolice, Sharing
from lagesbild.periods import local_date

CSV_DELIMITER = ";"


def _place(o: Observation) -> str:
    return o.place.name if o.place else "Punkt i kartan (ingen namngiven plats)"


def _description(o: Observation) -> str:
    return o.description or "Texten är gallrad."


# (heading, value) in the order of the file. Exact time and coordinates are left out (see LEFT_OUT).
RELEASED: list[tuple[str, Callable[[Observation], object]]] = [
    ("Nummer", lambda o: o.id),
    # Dates stay dates: ISO in the CSV (str), Swedish in the print file (its template).
    ("Datum", lambda o: o.occurred_on),
    ("Tid på dygnet", lambda o: o.time_band.label if o.time_band else "Okänd"),
    ("Område", lambda o: o.area.name),
    ("Plats", _place),
    ("Kategori", lambda o: o.category.full_name),
    ("Omfattning", lambda o: o.extent.label),
    ("Antal", lambda o: o.count if o.count is not None else ""),
    ("Polisanmält", lambda o: o.reported_to_police.label),
    ("Rapporterande organisation", lambda o: o.organisation.name),
    ("Rapporterad", lambda o: local_date(o.created_at)),
    ("Status", lambda o: o.status.label),
    ("Beskrivning", _description),
]

LEFT_OUT: list[tuple[str, str]] = [
    (
        "Exakt klockslag och kartkoordinater",
        "Kan visa bevakningsrutiner, var kameror sitter eller en enskild bostad. Datum, tid på dygnet, "
        "område och namngiven plats beskriver händelsen.",
    ),
    (
        "Rapportörens namn och e-postadress",
        "Personuppgifter om en enskild medarbetare; den rapporterande organisationen anges. Begärs "
        "namnet särskilt görs en egen prövning.",
    ),
    (
        "Skäl till rättelse och återkallelse",
        "Gäller gruppens egen hantering av uppgiften, inte det som iakttogs. Lämnas ut efter särskild "
        "begäran och prövning.",
    ),
    (
        "Delning inom gruppen (gruppen/begränsad)",
        "En intern inställning för vem i gruppen som ser detaljerna; rader som var begränsade märks "
        "i stället för särskild prövning.",
    ),
    (
        "Tekniska uppgifter (källa och importfil, låsning, senaste ändring, interna nycklar)",
        "Systemets egna uppgifter, inte innehållet i handlingen. Vem som ändrat vad finns i händelseloggen.",
    ),
]


@dataclass(frozen=True)
class ReviewPoint:
    key: str
    title: str
    text: str


CHECKLIST = [
    ReviewPoint(
        "bevakning",
        "Bevakning och säkerhet (OSL 18 kap. 8 §)",
        "Uppgifter om väktarronder, larm, kamerabevakning, lås och andra säkerhets- eller "
        "bevakningsåtgärder är hemliga om syftet med åtgärden motverkas när de röjs. Granska särskilt "
        "rader från bevakningsbolag och rader om patrullering och fysiska åtgärder.",
    ),
    ReviewPoint(
        "brott",
        "Brottsbekämpning (OSL 18 kap. 1 §)",
        "En polisanmäld händelse kan ingå i en förundersökning. Stäm av med Polisen innan polisanmälda "
        "rader lämnas ut.",
    ),
    ReviewPoint(
        "enskild",
        "Enskildas förhållanden (OSL 26 kap. 1 § och 21 kap. 1 §)",
        "Ingen beskrivning får peka ut en person, en familj eller ett barn, inte heller indirekt "
        "(plats och händelse tillsammans). Granska särskilt kategorin Barn och unga.",
    ),
    ReviewPoint(
        "personuppgift",
        "Personuppgifter (OSL 21 kap. 7 §)",
        "Namn, personnummer, telefonnummer och registreringsnummer ska inte finnas i texten; maskera det "
        "som ändå finns.",
    ),
    ReviewPoint(
        "begransad",
        "Begränsad delning",
        "Rapportören begränsade vem i gruppen som fick se detaljerna. Fråga vid behov organisationen "
        "varför innan raden lämnas ut.",
    ),
    ReviewPoint(
        "beslut",
        "Beslutet",
        "Lämna ut det som inte är hemligt och maskera hellre än håller inne hela handlingen. Ett helt "
        "eller delvis avslag ska vara ett skriftligt beslut med besvärshänvisning.",
    ),
]
CHECKLIST_TITLES = {point.key: point.title for point in CHECKLIST}

# Activities whose details are guarding or protective measures (patrols, cameras, lighting, locks).
GUARDING_CATEGORIES = ("AKT.PATRULL", "AKT.FYSISK_ATGARD")


def review_keys(o: Observation) -> list[str]:
    """The checklist points this observation touches (beyond the text check every row needs)."""
    keys = []
    if o.organisation.kind is OrganisationKind.BEVAKNINGSBOLAG or o.category.code in GUARDING_CATEGORIES:
        keys.append("bevakning")
    if o.reported_to_police is ReportedToPolice.JA:
        keys.append("brott")
    if o.category.code.startswith("UNG."):
        keys.append("enskild")
    if o.sharing is Sharing.BEGRANSAD:
        keys.append("begransad")
    return keys


@dataclass(frozen=True)
class Row:
    values: list[object]
    review: list[str]  # checklist titles


def rows(observations: Iterable[Observation]) -> list[Row]:
    return [
        Row([value(o) for _, value in RELEASED], [CHECKLIST_TITLES[key] for key in review_keys(o)])
        for o in observations
    ]


HEADINGS = [heading for heading, _ in RELEASED] + ["Pröva särskilt"]


def csv_bytes(table: list[Row]) -> bytes:
    """The rows as CSV for a spreadsheet: UTF-8 with BOM, semicolons, formula-like cells neutralised."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for row in table:
        writer.writerow([for_csv(value) for value in [*row.values, "; ".join(row.review)]])
    return ("\ufeff" + text.getvalue()).encode("utf-8")
