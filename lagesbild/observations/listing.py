"""The group's list for a period: read the query string (vecka, kategori, omrade, organisationstyp),
run the query, and shape the JSON. Restricted observations the viewer may not see in detail are only
counted (visibility.py), in the page and in the JSON alike."""

import json
from dataclasses import dataclass

from flask import Response
from flask_login import current_user

from lagesbild.extensions import db
from lagesbild.inputs import filter_args, page_number
from lagesbild.models import Observation, OrganisationKind
from lagesbild.paging import page_size
from lagesbild.periods import MeetingPeriod, parse_week_slug, period_containing, period_for_week, today_local

from . import queries


@dataclass
class Listing:
    period: MeetingPeriod
    filters: queries.Filters
    result: queries.GroupList
    tree: list
    areas: list
    ignored: list[str]  # query values that were not understood, named for the user


def _known(args, key: str, known, ignored: list[str], label: str):
    """The known value a query parameter names (a set's member or a dict's value); None if absent or
    unknown, and then its label goes into `ignored` so the page can say so."""
    raw = args.get(key)
    if not raw:
        return None
    if raw not in known:
        ignored.append(label)
        return None
    return known[raw] if isinstance(known, dict) else raw


def list_request(args, weekday: int) -> Listing:
    args = filter_args(args)  # whitespace-only values mean no filter, not an unknown one
    ignored = []
    period = period_containing(today_local(), weekday)
    if args.get("vecka"):
        week = parse_week_slug(args["vecka"])
        if week:
            period = period_for_week(*week, weekday)
        else:
            ignored.append("vecka")
    tree = queries.category_tree(db.session)
    areas = queries.active_areas(db.session)
    codes = {top.code for top, _ in tree} | {sub.code for _, subs in tree for sub in subs}
    area_ids = {str(area.id): area.id for area in areas}
    kinds = {member.value: member for member in OrganisationKind}
    filters = queries.Filters(
        category=_known(args, "kategori", codes, ignored, "kategori"),
        area_id=_known(args, "omrade", area_ids, ignored, "område"),
        organisation_kind=_known(args, "organisationstyp", kinds, ignored, "organisationstyp"),
    )
    # A `sida` that is no page number is page 1 (lagesbild/inputs.py), not an ignored filter.
    result = queries.group_list(db.session, current_user, period, filters, page_number(args), page_size())
    return Listing(period=period, filters=filters, result=result, tree=tree, areas=areas, ignored=ignored)


def _item(observation: Observation, late: bool) -> dict:
    return {
        "id": observation.id,
        "datum": observation.occurred_on.isoformat(),
        "klockslag": observation.time_of_day.strftime("%H:%M") if observation.time_of_day else None,
        "tidsband": observation.time_band.value if observation.time_band else None,
        "plats": observation.place.name if observation.place else None,
        "lat": observation.lat,
        "lon": observation.lon,
        "omrade": observation.area.name,
        "kategori": observation.category.code,
        "kategorinamn": observation.category.full_name,
        "omfattning": observation.extent.value,
        "antal": observation.count,
        "beskrivning": observation.description,
        "polisanmalt": observation.reported_to_police.value,
        "delning": observation.sharing.value,
        "organisation": observation.organisation.name,
        "rapportor": observation.author.display_name,
        "sent_inrapporterad": late,
    }


def to_json(listing: Listing) -> dict:
    result = listing.result
    return {
        "vecka": listing.period.slug,
        "period": {"fran": listing.period.start.isoformat(), "till": listing.period.end.isoformat()},
        "iakttagelser": [_item(o, False) for o in result.visible] + [_item(o, True) for o in result.late],
        "begransade_antal": result.restricted_count,
        # One page of PAGE_SIZE observations; `sida` in the query string asks for another page.
        "sida": result.page.number,
        "sidor": result.page.pages,
        "per_sida": result.page.size,
        "antal": result.page.total,
    }


def json_response(data: dict) -> Response:
    """JSON with <, > and & as \\u escapes, so member text stays inert even if a client inlines it."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Response(text, mimetype="application/json")
