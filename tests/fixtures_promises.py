"""Fixtures for promises and the safety survey: a promise factory and a coordinator's client."""

from datetime import date

import pytest
from sqlalchemy import select

from lagesbild.extensions import db
from lagesbild.models import Area, Category, Organisation, Promise, PromiseKind
from lagesbild.periods import today_local

from .support import data_context


@pytest.fixture
def make_promise(app, reference, make_org):
    """make_promise(text=..., codes=["AKT.PATRULL"], target=4, year=2026, area="Berga", organisations=[…]);
    `areas=[…]` for several areas, `only_responsible`, `starts_on`/`ends_on`, `kind` as on the form."""

    def make(
        text: str = "Minst fyra trygghetsvandringar under året",
        codes: tuple[str, ...] | list[str] = ("AKT.TRYGGHETSVANDRING",),
        target: int | None = 4,
        year: int | None = None,
        area: str | None = None,
        organisations: list[Organisation] | None = None,
        is_active: bool = True,
        areas: list[str] = (),
        kind: PromiseKind = PromiseKind.COUNT,
        only_responsible: bool = False,
        starts_on: date | None = None,
        ends_on: date | None = None,
    ) -> Promise:
        names = [area] if area else list(areas)
        with data_context(app):
            promise = Promise(
                year=year or today_local().year,
                kind=kind,
                text=text,
                target=target,
                areas=list(db.session.scalars(select(Area).where(Area.name.in_(names)))),
                organisations=organisations if organisations is not None else [make_org()],
                counts_only_responsible=only_responsible,
                starts_on=starts_on,
                ends_on=ends_on,
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
