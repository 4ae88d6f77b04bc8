"""The world the access matrix runs in, and the placeholders its paths use.

A capability that adds routes with objects in the path registers a placeholder here, e.g.
`@placeholder("observation.own")` returning the id of an observation the member wrote.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask

from lagesbild.models import Organisation, OrganisationKind, Role, User

from .support import data_context

PLACEHOLDERS: dict[str, Callable[["World"], object]] = {}


def placeholder(name: str):
    def register(make: Callable[["World"], object]):
        PLACEHOLDERS[name] = make
        return make

    return register


@dataclass
class World:
    app: Flask
    member: User
    other_member: User
    chair: User
    coordinator: User
    steering: User
    org_a: Organisation
    org_b: Organisation
    org_c: Organisation
    factories: dict = field(default_factory=dict)
    cache: dict = field(default_factory=dict)

    def resolve(self, name: str):
        if name not in self.cache:
            # Placeholders write their objects in the test's context if it has one, else in their own.
            with data_context(self.app):
                self.cache[name] = PLACEHOLDERS[name](self)
        return self.cache[name]

    def user_for(self, role: str) -> User | None:
        return {
            "anonym": None,
            "medlem": self.member,
            "ordförande": self.chair,
            "samordnare": self.coordinator,
            "styrgrupp": self.steering,
        }[role]


def build_world(app, make_org, make_user, **factories) -> World:
    org_a = make_org("Organisation A", OrganisationKind.BOSTADSBOLAG)
    org_b = make_org("Organisation B", OrganisationKind.POLIS)
    org_c = make_org("Organisation C", OrganisationKind.KOMMUNAL)
    return World(
        app=app,
        member=make_user(Role.MEMBER, organisation=org_a),
        other_member=make_user(Role.MEMBER, organisation=org_b),
        chair=make_user(Role.CHAIR, organisation=org_c),
        coordinator=make_user(Role.COORDINATOR, organisation=org_c),
        steering=make_user(Role.STYRGRUPP, organisation=org_c),
        org_a=org_a,
        org_b=org_b,
        org_c=org_c,
        factories=factories,
    )


@placeholder("user.own")
def _own_user(world: World):
    return world.member.id


@placeholder("user.other")
def _other_user(world: World):
    return world.other_member.id


@placeholder("organisation.own")
def _own_organisation(world: World):
    return world.org_a.id


@placeholder("organisation.other")
def _other_organisation(world: World):
    return world.org_b.id


def _load_capability_placeholders() -> None:
    """Import tests/access_objects_<capability>.py so each capability registers its own."""
    import importlib
    from pathlib import Path

    for module in sorted(Path(__file__).parent.glob("access_objects_*.py")):
        importlib.import_module(f"{__package__}.{module.stem}")


_load_capability_placeholders()
