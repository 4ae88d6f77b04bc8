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


@placeholder("user.totp")
def _user_with_second_factor(world: World):
    """A chair of the coordinator's organisation with TOTP turned on."""
    chair = User(
        email="tvafaktor@example.com",
        display_name="Tove Tvåfaktor",
        organisation=world.org_c,
        role=Role.CHAIR,
        totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        totp_enabled=True,
    )
    db.session.add(chair)
    db.session.commit()
    return chair.id
