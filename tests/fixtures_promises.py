"""Fixtures for promises and the safety survey: a promise factory and a coordinator's client."""

import pytest
from sqlalchemy import select

from lagesbild.extensions import db
from lagesbild.models import Area, Category, Organisation, Promise
from lagesbild.periods import today_local

from .support import data_context


@pytest.fixture
def make_promise(app, reference, make_org):
    """make_promise(text=..., codes=["AKT.PATRULL"], target=4, year=2026, area="Berga", organisations=[…])."""

    def make(
        text: str = "Minst fyra trygghetsvandringar under året",
        codes: tuple[str, ...] | list[str] = ("AKT.TRYGGHETSVANDRING",),
        target: int = 4,
        year: int | None = None,
        area: str | None = None,
        organisations: list[Organisation] | None = None,
        is_active: bool = True,
    ) -> Promise:
        with data_context(app):
            promise = Promise(
                year=year or today_local().year,
                text=text,
                target=target,
                area=db.session.scalar(select(Area).where(Area.name == area)) if area else None,
                organisations=organisations if organisations is not None else [make_org()],
                categories=list(db.session.scalars(select(Category).where(Category.code.in_(codes)))),
                is_active=is_active,
            )
            db.session.add(promise)
            db.session.commit()
        return promise

    return make


@pytest.fixture
def category_id(app, reference):
    def get(code: str) -> int:
        with data_context(app):
            return db.session.scalar(select(Category.id).where(Category.code == code))

    return get
