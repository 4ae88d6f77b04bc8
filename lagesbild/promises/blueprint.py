"""The promises blueprint: medborgarlöften and their follow-up (views.py); the safety survey
(survey_views.py).

The URL table of the capability: it imports the route modules, they never import it.
"""

from flask import Blueprint

from . import survey_views, views

bp = Blueprint("promises", __name__)

# views.py
bp.add_app_template_global(views.promise_status_date)
bp.add_app_template_global(views.promise_progress_for)
bp.add_url_rule("/medborgarloften", view_func=views.index, methods=["GET"])
bp.add_url_rule("/medborgarloften/<int:promise_id>/aktiviteter", view_func=views.activities, methods=["GET"])
bp.add_url_rule("/medborgarloften/nytt", view_func=views.create, methods=["GET", "POST"])
bp.add_url_rule("/medborgarloften/<int:promise_id>/andra", view_func=views.edit, methods=["GET", "POST"])
bp.add_url_rule("/medborgarloften/<int:promise_id>/inaktivera", view_func=views.deactivate, methods=["POST"])
bp.add_url_rule("/medborgarloften/<int:promise_id>/aktivera", view_func=views.reactivate, methods=["POST"])
bp.add_url_rule("/medborgarloften/huvudmal", view_func=views.add_goal, methods=["POST"])
bp.add_url_rule(
    "/medborgarloften/<int:promise_id>/lagesanteckning", view_func=views.add_note_view, methods=["POST"]
)

# survey_views.py
bp.add_url_rule("/trygghetsmatning", view_func=survey_views.survey, methods=["GET"])
bp.add_url_rule("/trygghetsmatning/importera", view_func=survey_views.survey_upload, methods=["GET", "POST"])
bp.add_url_rule("/trygghetsmatning/importera/<token>", view_func=survey_views.survey_preview, methods=["GET"])
bp.add_url_rule(
    "/trygghetsmatning/importera/<token>/bekrafta", view_func=survey_views.survey_confirm, methods=["POST"]
)
bp.add_url_rule(
    "/trygghetsmatning/importera/<token>/avbryt", view_func=survey_views.survey_cancel, methods=["POST"]
)
bp.add_url_rule("/polisstatistik", view_func=survey_views.police, methods=["GET"])
bp.add_url_rule("/polisstatistik/importera", view_func=survey_views.police_upload, methods=["GET", "POST"])
bp.add_url_rule("/polisstatistik/importera/<token>", view_func=survey_views.police_preview, methods=["GET"])
bp.add_url_rule(
    "/polisstatistik/importera/<token>/bekrafta", view_func=survey_views.police_confirm, methods=["POST"]
)
bp.add_url_rule(
    "/polisstatistik/importera/<token>/avbryt", view_func=survey_views.police_cancel, methods=["POST"]
)
