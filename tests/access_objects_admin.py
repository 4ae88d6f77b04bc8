"""Placeholders for the account and administration routes of docs/access.md."""

from lagesbild.auth import tokens
from lagesbild.extensions import db
from lagesbild.models import Role, TokenPurpose, User

from .access_objects import World, placeholder


@placeholder("invite.valid")
def _valid_invite(world: World):
    """A fresh invite link for a new user of organisation A who has no password yet."""
    invited = User(
        email="inbjuden@example.com",
        display_name="Inbjuden Användare",
        organisation=world.org_a,
        role=Role.MEMBER,
    )
    db.session.add(invited)
    db.session.flush()
    raw = tokens.issue(invited, TokenPurpose.INVITE, created_by=world.coordinator)
    db.session.commit()
    return raw
