"""Fixtures for safety walks: a walk factory, finding and photo helpers."""

import io
import uuid
from datetime import UTC, date, datetime

import pytest
from PIL import Image
from sqlalchemy import select

from lagesbild.extensions import db
from lagesbild.models import Area, Walk, WalkStatus
from lagesbild.walks import operations

from .support import data_context

ROUTE = [[13.3030, 55.8390], [13.3065, 55.8388], [13.3101, 55.8372]]


@pytest.fixture
def make_walk(app, reference):
    """make_walk(creator, area=..., promise=None, held_on=None, previous=…, organisers=[…], invited=[…])."""

    def make(
        creator, area="Eslövs centrum", promise=None, held_on: date | None = None, previous=None, **fields
    ):
        with data_context(app):
            area_id = db.session.scalar(select(Area.id).where(Area.name == area))
            values = operations.WalkFields(
                title=fields.get("title", "Kvällsvandring i centrum"),
                area_id=area_id,
                starts_at=fields.get("starts_at", datetime(2026, 11, 12, 17, 30, tzinfo=UTC)),
                meeting_point="Stora torg",
                route=ROUTE,
                stops="Gångtunneln under järnvägen\nStationsparken",
                organiser_ids=[o.id for o in fields.get("organisers", [creator.organisation])],
                invited_ids=[o.id for o in fields.get("invited", [])],
                promise_id=promise.id if promise else None,
                invitation_text="Välkommen!",
            )
            walk = operations.create_walk(
                db.session,
                values,
                db.session.get(type(creator), creator.id),
                previous=db.session.get(Walk, previous.id) if previous else None,
            )
            if held_on:
                walk.status, walk.held_on, walk.residents_count = WalkStatus.GENOMFORD, held_on, 7
            db.session.commit()
        return walk

    return make


def jpeg_bytes(size=(64, 48), exif=None, colour=(200, 40, 40), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG", exif=exif if exif is not None else b"", **save)
    return out.getvalue()


def finding_form(photos=(), **fields) -> dict:
    """A finding as the field page posts it; photos are (bytes, filename) pairs."""
    data = {
        "client_key": str(uuid.uuid4()),
        "lat": "55.8390",
        "lon": "13.3040",
        "category": "belysning",
        "text": "Trasig lampa vid tunnelns norra ände.",
    }
    data.update(fields)
    if photos:
        data["photos"] = [(io.BytesIO(content), name) for content, name in photos]
    return data
