"""The meeting blueprint: the week page, presentation mode and map data (views.py); the meeting
itself (meetings.py) and its actions (actions.py).

The URL table of the capability: it imports the route modules, they never import it.
"""

from flask import Blueprint

from . import actions, meetings, views

bp = Blueprint("meeting", __name__)

# views.py
bp.context_processor(views._helpers)
bp.add_url_rule("/vecka", view_func=views.current_week, methods=["GET"])
bp.add_url_rule("/vecka/<slug>", view_func=views.week_page, methods=["GET"])
bp.add_url_rule("/vecka/<slug>/presentation", view_func=views.presentation, methods=["GET"])
bp.add_url_rule("/vecka/<slug>/karta.json", view_func=views.map_data, methods=["GET"])
bp.add_url_rule(
    "/vecka/<slug>/presentation/karta.json", view_func=views.presentation_map_data, methods=["GET"]
)
bp.add_url_rule("/vecka/<slug>/iakttagelser", view_func=views.observations, methods=["GET"])

# meetings.py
bp.add_url_rule("/vecka/<slug>/mote", view_func=meetings.open_meeting, methods=["POST"])
bp.add_url_rule("/moten", view_func=meetings.meetings, methods=["GET"])
bp.add_url_rule("/moten/<int:meeting_id>", view_func=meetings.meeting_page, methods=["GET"])
bp.add_url_rule("/moten/<int:meeting_id>/narvaro", view_func=meetings.attendance, methods=["POST"])
bp.add_url_rule("/moten/<int:meeting_id>/anteckningar", view_func=meetings.notes, methods=["POST"])
bp.add_url_rule("/moten/<int:meeting_id>/atgarder", view_func=meetings.add_action, methods=["POST"])
bp.add_url_rule("/moten/<int:meeting_id>/avsluta", view_func=meetings.confirm_close, methods=["GET"])
bp.add_url_rule("/moten/<int:meeting_id>/avsluta", view_func=meetings.close, methods=["POST"])
bp.add_url_rule("/moten/<int:meeting_id>/oppna-igen", view_func=meetings.reopen, methods=["POST"])

# actions.py
bp.add_app_template_global(actions.own_organisation_actions, "own_organisation_actions")
bp.add_url_rule("/atgarder/ny", view_func=actions.new_action, methods=["GET", "POST"])
bp.add_url_rule("/atgarder/<int:action_id>/andra", view_func=actions.edit_action, methods=["GET", "POST"])
bp.add_url_rule("/atgarder/<int:action_id>/status", view_func=actions.action_status, methods=["POST"])
