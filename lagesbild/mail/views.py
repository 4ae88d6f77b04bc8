"""The member's side: which messages to get, one-click unsubscribe, the private calendar."""

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from lagesbild.auth.decorators import member_required
from lagesbild.auth.forms import ConfirmForm
from lagesbild.extensions import db
from lagesbild.meeting_day import meeting_weekday
from lagesbild.models import Meeting, User, utcnow

from . import calendar, links, operations, preferences, queries
from .forms import kinds_form

# A new calendar address is shown once, on the next page, then forgotten (only its hash is stored).
FEED_KEY = "mail_new_feed"


@member_required
def preferences_page():
    form = kinds_form(preferences.choices(db.session, current_user))
    if form.validate_on_submit():
        operations.set_preferences(db.session, current_user, form.chosen(), actor=current_user)
        db.session.commit()
        flash("Dina val för utskick är sparade.", "success")
        return redirect(url_for("mail.preferences"))
    raw = session.pop(FEED_KEY, None)
    return render_template(
        "mail/preferences.html",
        form=form,
        confirm=ConfirmForm(),
        has_feed=queries.has_feed(db.session, current_user),
        feed_url=links.link("mail.calendar_feed", token=raw) if raw else None,
    )


def unsubscribe(token: str):
    """RFC 8058 one-click: a POST (from the mail client or the button) turns off one kind; GET asks first.

    No sign-in and no CSRF token: the signed token is the permission, and it names one user and one kind.
    """
    found = preferences.read_unsubscribe_token(token)
    user = db.session.get(User, found[0]) if found else None
    if user is None:
        abort(404)
    kind = found[1]
    if request.method == "POST":
        operations.unsubscribe(db.session, user, kind)
        db.session.commit()
        return render_template("mail/unsubscribed.html", kind=kind, done=True)
    return render_template("mail/unsubscribed.html", kind=kind, done=False, token=token)


@member_required
def new_calendar():
    if ConfirmForm().validate_on_submit():
        session[FEED_KEY] = operations.new_calendar_feed(db.session, current_user)
        db.session.commit()
        flash("Din kalenderadress är skapad. Den gamla adressen, om du hade en, slutar fungera.", "success")
    return redirect(url_for("mail.preferences") + "#kalender")


@member_required
def revoke_calendar():
    if ConfirmForm().validate_on_submit():
        operations.revoke_calendar_feeds(db.session, current_user)
        db.session.commit()
        flash("Kalenderadressen fungerar inte längre.", "success")
    return redirect(url_for("mail.preferences") + "#kalender")


def calendar_feed(token: str):
    """The private feed: the address is the permission (calendar apps cannot sign in); 404 once revoked."""
    user = queries.feed_owner(db.session, token)
    if user is None:
        abort(404)
    body = calendar.feed(db.session, user, utcnow(), meeting_weekday())
    return body, 200, {"Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "private, no-store"}


@member_required
def meeting_ics(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    body = calendar.meeting_ics(meeting, utcnow())
    filename = f"mote-{meeting.iso_year}-{meeting.iso_week:02d}.ics"
    return (
        body,
        200,
        {
            "Content-Type": "text/calendar; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


def start_facts():
    """The start page's facts (template global): the same as the mail says."""
    from lagesbild import periods

    today = periods.today_local()
    period = periods.period_containing(today, meeting_weekday())
    return queries.start_facts(db.session, current_user, period, today)
