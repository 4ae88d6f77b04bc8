"""The mail blueprint: preferences, unsubscribe and the calendar (views.py); Utskick (admin_views.py).

The URL table of the capability: it imports the route modules, they never import it.
"""

from flask import Blueprint

from lagesbild.extensions import csrf

from . import admin_views, views

bp = Blueprint("mail", __name__)

# views.py
bp.add_app_template_global(views.start_facts, "mail_start_facts")
bp.add_url_rule("/konto/utskick", "preferences", view_func=views.preferences_page, methods=["GET", "POST"])
bp.add_url_rule("/konto/kalender", view_func=views.new_calendar, methods=["POST"])
bp.add_url_rule("/konto/kalender/aterkalla", view_func=views.revoke_calendar, methods=["POST"])
# Mail clients post the one-click unsubscribe without a CSRF token (RFC 8058); the signed token decides.
bp.add_url_rule(
    "/utskick/avregistrera/<token>", view_func=csrf.exempt(views.unsubscribe), methods=["GET", "POST"]
)
bp.add_url_rule("/kalender/<token>.ics", view_func=views.calendar_feed, methods=["GET"])
bp.add_url_rule("/moten/<int:meeting_id>/kalender.ics", view_func=views.meeting_ics, methods=["GET"])

# admin_views.py
bp.add_url_rule("/admin/utskick", "outbox", view_func=admin_views.outbox, methods=["GET"])
bp.add_url_rule("/admin/utskick/<int:message_id>", view_func=admin_views.outbox_message, methods=["GET"])
bp.add_url_rule(
    "/admin/utskick/<int:message_id>/skicka-igen", view_func=admin_views.send_again, methods=["POST"]
)
bp.add_url_rule(
    "/admin/organisationer/<int:org_id>/utskick",
    view_func=admin_views.organisation_defaults,
    methods=["GET", "POST"],
)
