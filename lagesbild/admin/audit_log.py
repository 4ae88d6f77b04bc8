"""The audit trail browser: filter by event, user and dates, newest first, in pages."""

import re
from datetime import datetime

from flask import render_template, request

from lagesbild import formats
from lagesbild.auth.decorators import coordinator_required
from lagesbild.extensions import db
from lagesbild.inputs import filter_args, page_number
from lagesbild.models import Area, Category, Meeting, Organisation, Place, User
from lagesbild.observations.fields import AUDIT_LABELS
from lagesbild.paging import page_size

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
            size=page_size(),
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
    # The yearly plan (lagesbild/agreement, analysis, plan, promises)
    "agreement.create": "Samverkansöverenskommelse registrerad",
    "agreement.version": "Ny version av samverkansöverenskommelsen",
    "agreement.update": "Samverkansöverenskommelsen ändrad",
    "agreement.focus_area": "Samverkansområde tillagt",
    "agreement.activity": "Aktivitet i överenskommelsen tillagd",
    "analysis.draft": "Nytt utkast till analysen",
    "measure.create": "Åtgärd i åtgärdsplanen tillagd",
    "measure.update": "Åtgärd i åtgärdsplanen ändrad",
    "evaluation.save": "Utvärdering i årets uppföljning sparad",
    "promise.note": "Lägesanteckning om medborgarlöfte",
    "promise_goal.create": "Övergripande mål för medborgarlöftena tillagt",
    # Safety walks (lagesbild/walks)
    "walk.create": "Trygghetsvandring planerad",
    "walk.update": "Trygghetsvandring ändrad",
    "walk.held": "Trygghetsvandring genomförd",
    "walk.report_sent": "Vandringsrapport skickad till deltagarna",
    "walk_finding.create": "Iakttagelse på trygghetsvandring registrerad",
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
    "settings.meeting_day": "Mötesdag ändrad",
    # Records (lagesbild/records)
    "disclosure.period": "Utlämnandefil för en period",
    "disclosure.observation": "Utlämnandefil för en iakttagelse",
    "gallring.run": "Gallring",
}


# The audit trail as Swedish sentences: "<who> <verb> <what>", e.g. "Olle Ordförande avslutade mötet
# v. 49 2026". An event without a verb here reads "<who>: <its label or code>".
VERBS = {
    "login.success": "loggade in",
    "login.failure": "misslyckades att logga in",
    "login.throttled": "stoppades vid inloggningen (för många försök)",
    "login.second_factor_failure": "angav fel kod i tvåstegsverifieringen",
    "logout": "loggade ut",
    "sessions.end_all": "avslutade alla inloggningar",
    "account.password_change": "bytte lösenord",
    "account.invite_redeemed": "använde sin inbjudan",
    "account.reset_redeemed": "använde länken för nytt lösenord",
    "account.totp_enabled": "slog på tvåstegsverifiering",
    "account.totp_disabled": "slog av tvåstegsverifieringen för",
    "account.recovery_codes_renewed": "skapade nya återställningskoder",
    "organisation.create": "lade till organisationen",
    "organisation.update": "ändrade organisationen",
    "organisation.deactivate": "inaktiverade organisationen",
    "organisation.reactivate": "återaktiverade organisationen",
    "user.create": "lade till användaren",
    "user.update": "ändrade användaren",
    "user.role_change": "ändrade rollen för",
    "user.deactivate": "inaktiverade användaren",
    "user.reactivate": "återaktiverade användaren",
    "user.invite_link": "skapade en inbjudningslänk till",
    "user.reset_link": "skapade en länk för nytt lösenord till",
    "observation.create": "rapporterade iakttagelsen",
    "observation.update": "ändrade iakttagelsen",
    "observation.correct": "rättade iakttagelsen",
    "observation.withdraw": "återkallade iakttagelsen",
    "observation.import": "importerade iakttagelser",
    "meeting.open": "öppnade mötet",
    "meeting.close": "avslutade mötet",
    "meeting.reopen": "öppnade åter mötet",
    "meeting.attendance": "förde in närvaron på mötet",
    "meeting.notes": "sparade anteckningar på mötet",
    "action.create": "lade till åtgärden",
    "action.update": "ändrade åtgärden",
    "action.status": "ändrade status för åtgärden",
    "promise.create": "lade till medborgarlöftet",
    "promise.update": "ändrade medborgarlöftet",
    "promise.deactivate": "tog bort medborgarlöftet",
    "promise.reactivate": "återställde medborgarlöftet",
    "survey.import": "läste in trygghetsmätningen",
    "settings.meeting_day": "ändrade gruppens mötesdag",
    "disclosure.period": "gjorde en utlämnandefil för en period",
    "disclosure.observation": "gjorde en utlämnandefil för iakttagelsen",
    "gallring.run": "gallrade enligt reglerna för bevarande",
}

# Swedish names for the fields in before/after/detail (observations name theirs in fields.py).
FIELD_LABELS = {
    **AUDIT_LABELS,
    "name": "Namn",
    "kind": "Typ",
    "role": "Roll",
    "email": "E-postadress",
    "display_name": "Namn",
    "organisation_id": "Organisation",
    "is_active": "Aktiv",
    "title": "Åtgärd",
    "owner_id": "Ansvarig",
    "due_on": "Klart senast",
    "observations": "Iakttagelser",
    "organisations": "Närvarande organisationer",
    "week": "Vecka",
    "fields": "Ändrade fält",
    "method": "Sätt",
    "via": "Via",
    "per": "Spärr per",
    "sessions_ended": "Avslutade inloggningar",
    "links_voided": "Ogiltigförklarade länkar",
    "expires_in_days": "Giltig i dagar",
    "locked_observations": "Låsta iakttagelser",
    "filename": "Fil",
    "rows": "Rader",
    "created": "Nya",
    "updated": "Ändrade",
    "unchanged": "Oförändrade",
    "reason": "Anledning",
    "confirming": "Bekräftar",
    "target": "Mål",
    "year": "År",
    "weekday": "Veckodag",
    "start": "Från och med",
    "end": "Till och med",
    "format": "Format",
    "time": "Klockslag",
}


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2})?")


def audit_action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def audit_field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def audit_value(value) -> str:
    """One logged value as text: ja/nej, field names in Swedish, lists joined."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, list):
        # Numbers in a logged list are record ids (observation_ids, organisation_ids): "#3294", as the
        # meeting page writes them, not quantities to group.
        return ", ".join(audit_field_label(v) if isinstance(v, str) else f"#{v}" for v in value)
    if isinstance(value, str) and (ISO_DAY.fullmatch(value) or ISO_MOMENT.fullmatch(value)):
        # Dates are logged as ISO text (lagesbild/audit.py); people read them as "23 november 2026".
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:  # shaped like a date but none (hand-edited data): shown as logged
            return value
        return formats.datum(moment.date()) if len(value) == 10 else formats.tidpunkt(moment)
    return "–" if value is None else str(value)


def audit_sentence(event) -> str:
    """The event as a Swedish sentence: "Olle Ordförande avslutade mötet v. 49 2026"."""
    who = event.actor.display_name if event.actor else "Systemet"
    verb = VERBS.get(event.action)
    if verb is None:
        return f"{who}: {audit_action_label(event.action)}"
    about_self = event.actor is not None and event.object_type == "user" and event.object_id == event.actor.id
    what = "" if about_self else audit_object_label(event)
    return f"{who} {verb} {what}".strip() + "."


def audit_object_label(event) -> str:
    """A readable name for the event's object: users, organisations and reference data by name, a
    meeting by its week, observations and actions by number."""
    model = {
        "user": User,
        "organisation": Organisation,
        "meeting": Meeting,
        "category": Category,
        "place": Place,
        "area": Area,
    }.get(event.object_type)
    if model is not None and event.object_id is not None:
        obj = db.session.get(model, event.object_id)
        if obj is not None:
            if isinstance(obj, Meeting):
                return obj.label
            return getattr(obj, "display_name", None) or obj.name
    if event.object_type in ("observation", "action", "promise", "agendaitem") and event.object_id:
        return f"#{event.object_id}"
    if event.object_type:
        return f"{event.object_type} {event.object_id or ''}".strip()
    return ""
