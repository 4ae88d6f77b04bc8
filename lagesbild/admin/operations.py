"""Writes for the coordinator: organisations and users, each with a before/after audit event.

The snapshots hold names, kinds, roles and flags only: never passwords, tokens or free text.
"""

from flask import current_app, url_for
from sqlalchemy import func, select

from lagesbild.audit import record
from lagesbild.auth import sessions, tokens
from lagesbild.auth.operations import disable_totp, normalise_email
from lagesbild.extensions import db
from lagesbild.models import Organisation, OrganisationKind, Role, TokenPurpose, User
from lagesbild.refusals import RefusedChange


def organisation_snapshot(org: Organisation) -> dict:
    return {"name": org.name, "kind": org.kind.value, "is_active": org.is_active}


def user_snapshot(user: User) -> dict:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "organisation": user.organisation.name,
        "role": user.role.value,
        "is_active": user.is_active,
    }


def _check_unique_name(name: str, org: Organisation | None = None) -> None:
    query = select(Organisation).where(func.lower(Organisation.name) == name.lower())
    existing = db.session.scalar(query)
    if existing is not None and existing is not org:
        raise RefusedChange("Det finns redan en organisation med det namnet.", "name")


def create_organisation(name: str, kind: str) -> Organisation:
    name = name.strip()
    _check_unique_name(name)
    org = Organisation(name=name, kind=OrganisationKind(kind))
    db.session.add(org)
    db.session.flush()
    record("organisation.create", obj=org, after=organisation_snapshot(org))
    return org


def update_organisation(org: Organisation, name: str, kind: str) -> None:
    name = name.strip()
    _check_unique_name(name, org)
    before = organisation_snapshot(org)
    org.name, org.kind = name, OrganisationKind(kind)
    after = organisation_snapshot(org)
    if after != before:
        record("organisation.update", obj=org, before=before, after=after)


def set_organisation_active(org: Organisation, active: bool, *, actor: User) -> None:
    """Deactivate or reactivate; a deactivated organisation's members cannot sign in."""
    if not active and org.id == actor.organisation_id:
        raise RefusedChange("Du kan inte inaktivera din egen organisation.")
    before = organisation_snapshot(org)
    org.is_active = active
    if not active:
        for user in org.users:
            sessions.revoke_all(user)
            tokens.void_unused(user)
    action = "organisation.reactivate" if active else "organisation.deactivate"
    record(action, obj=org, before=before, after=organisation_snapshot(org))


def _check_unique_email(email: str, user: User | None = None) -> None:
    existing = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if existing is not None and existing is not user:
        raise RefusedChange("Det finns redan en användare med den e-postadressen.", "email")


def create_user(
    display_name: str, email: str, organisation: Organisation, role: str, *, actor: User
) -> tuple[User, str]:
    """Create a user without a password; return it and the invite link to pass on."""
    base_url = link_base_url()  # refused before anything is written
    email = normalise_email(email)
    _check_unique_email(email)
    user = User(display_name=display_name.strip(), email=email, organisation=organisation, role=Role(role))
    db.session.add(user)
    db.session.flush()
    record("user.create", obj=user, after=user_snapshot(user))
    return user, _link(user, TokenPurpose.INVITE, actor, base_url)


def update_user(
    user: User, display_name: str, email: str, organisation: Organisation, role: str, *, actor: User
):
    email = normalise_email(email)
    _check_unique_email(email, user)
    if user.id == actor.id and Role(role) != user.role:
        raise RefusedChange("Du kan inte ändra din egen roll.", "role")
    before = user_snapshot(user)
    user.display_name, user.email, user.organisation, user.role = (
        display_name.strip(),
        email,
        organisation,
        Role(role),
    )
    after = user_snapshot(user)
    if after != before:
        action = "user.role_change" if before["role"] != after["role"] else "user.update"
        record(action, obj=user, before=before, after=after)


def set_user_active(user: User, active: bool, *, actor: User) -> None:
    """Deactivate (ending every session and voiding every unused link at once) or reactivate a user.

    The links are voided, not merely refused while the user is inactive: a link passed on before the
    deactivation must not start working again when the user is reactivated.
    """
    if user.id == actor.id:
        raise RefusedChange("Du kan inte inaktivera ditt eget konto.")
    before = user_snapshot(user)
    user.is_active = active
    detail = None
    if not active:
        detail = {"sessions_ended": sessions.revoke_all(user), "links_voided": tokens.void_unused(user)}
    action = "user.reactivate" if active else "user.deactivate"
    record(action, obj=user, before=before, after=user_snapshot(user), detail=detail)


def reset_password(user: User, *, actor: User) -> str:
    """Issue a reset link; the old password keeps working until the link is used."""
    if not user.is_active:
        raise RefusedChange("Återaktivera användaren först.")
    purpose = TokenPurpose.RESET if user.password_hash else TokenPurpose.INVITE
    return _link(user, purpose, actor, link_base_url())


def reset_second_factor(user: User, *, actor: User) -> None:
    """Turn off a lost second factor and end the user's sessions; they enrol again if required."""
    disable_totp(user, actor=actor)


BASE_URL_MISSING = (
    "Länken kan inte skapas eftersom webbplatsens adress inte är inställd. Be den som driftar "
    "Lägesbild att ange LAGESBILD_BASE_URL (till exempel https://lagesbild.eslov.se)."
)


def link_base_url() -> str:
    """The configured address links start with (BASE_URL), or refuse to make a link.

    Never the request's Host header: whoever sends a forged Host to the coordinator's page would
    otherwise get a link to their own server, and with it the token, when the member clicks it.
    """
    base_url = str(current_app.config.get("BASE_URL") or "").strip().rstrip("/")
    if not base_url.startswith(("https://", "http://")):
        raise RefusedChange(BASE_URL_MISSING)
    return base_url


def _link(user: User, purpose: TokenPurpose, actor: User, base_url: str) -> str:
    raw = tokens.issue(user, purpose, created_by=actor)
    record(f"user.{purpose.value}_link", obj=user, detail={"expires_in_days": tokens.TOKEN_LIFETIME.days})
    url = base_url + url_for("account.activate", token=raw)
    from lagesbild.mail import delivery, messages

    if delivery.configured():  # by mail too; the page still shows the link once, as the fallback
        messages.account_link(db.session, user, url, purpose)
    return url
