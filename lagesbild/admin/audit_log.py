"""The audit trail browser: filter by event, user and dates, newest first, in pages."""

from flask import render_template, request

from lagesbild.auth.decorators import coordinator_required
from lagesbild.extensions import db
from lagesbild.inputs import filter_args, page_number
from lagesbild.models import Area, Category, Organisation, Place, User

from . import queries
from .forms import AuditFilterForm


@coordinator_required
def audit():
    filters = AuditFilterForm(
        [(action, audit_action_label(action)) for action in queries.audit_actions(db.session)],
        queries.all_users(db.session),
        formdata=filter_args(request.args),
    )
    page = None
    if filters.validate():
        page = queries.audit_page(
            db.session,
            action=filters.action.data or "",
            actor_id=filters.actor.data or 0,
            date_from=filters.date_from.data,
            date_to=filters.date_to.data,
            page=page_number(request.args),
        )
    return render_template("admin/audit.html", filters=filters, page=page)


# Swedish names for the events of accounts and administration; other capabilities' events show
# their code, which is also what the filter matches on.
ACTION_LABELS = {
    "login.success": "Inloggning",
    "login.failure": "Misslyckad inloggning",
    "login.throttled": "Inloggning stoppad (för många försök)",
    "login.second_factor_failure": "Fel kod i tvåstegsverifieringen",
    "logout": "Utloggning",
    "sessions.end_all": "Alla inloggningar avslutade",
    "account.password_change": "Bytt lösenord",
    "account.invite_redeemed": "Inbjudan använd",
    "account.reset_redeemed": "Länk för nytt lösenord använd",
    "account.totp_enabled": "Tvåstegsverifiering på",
    "account.totp_disabled": "Tvåstegsverifiering av",
    "account.recovery_codes_renewed": "Nya återställningskoder",
    "organisation.create": "Organisation skapad",
    "organisation.update": "Organisation ändrad",
    "organisation.deactivate": "Organisation inaktiverad",
    "organisation.reactivate": "Organisation återaktiverad",
    "user.create": "Användare skapad",
    "user.update": "Användare ändrad",
    "user.role_change": "Roll ändrad",
    "user.deactivate": "Användare inaktiverad",
    "user.reactivate": "Användare återaktiverad",
    "user.invite_link": "Inbjudningslänk skapad",
    "user.reset_link": "Länk för nytt lösenord skapad",
    "mail.preferences": "Val för utskick ändrade",
    "mail.unsubscribe": "Avregistrerad från utskick",
    "mail.defaults": "Standardval för utskick ändrade",
    "mail.send_again": "Utskick skickas igen",
    "calendar.create": "Kalenderadress skapad",
    "calendar.revoke": "Kalenderadress stängd",
    # Reference data (lagesbild/reference_admin)
    "reference.setup": "Installation uppsatt med referensdata",
    "reference.import": "Referensdata inläst från filer",
    "organisation.usual_categories": "Organisationens vanliga kategorier ändrade",
    "category.create": "Kategori skapad",
    "category.update": "Kategori ändrad",
    "category.move": "Kategori flyttad",
    "category.merge": "Kategori sammanslagen",
    "category.deactivate": "Kategori inaktiverad",
    "category.reactivate": "Kategori återaktiverad",
    "place.create": "Plats skapad",
    "place.update": "Plats ändrad",
    "place.merge": "Plats sammanslagen",
    "place.deactivate": "Plats inaktiverad",
    "place.reactivate": "Plats återaktiverad",
    "area.create": "Område skapat",
    "area.update": "Område ändrat",
    "area.boundary": "Områdesgräns sparad",
    "area.deactivate": "Område inaktiverat",
    "area.reactivate": "Område återaktiverat",
}


def audit_action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def audit_object_label(event) -> str:
    """A readable name for the event's object (users, organisations and reference data by name)."""
    model = {
        "user": User,
        "organisation": Organisation,
        "category": Category,
        "place": Place,
        "area": Area,
    }.get(event.object_type)
    if model is not None and event.object_id is not None:
        obj = db.session.get(model, event.object_id)
        if obj is not None:
            return getattr(obj, "display_name", None) or obj.name
    if event.object_type:
        return f"{event.object_type} {event.object_id or ''}".strip()
    return ""
