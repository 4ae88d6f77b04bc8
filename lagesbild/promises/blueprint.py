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

# survey_views.py: the same five steps for the trygghetsmätning and for the police's statistics, each
# under its kind's URL and endpoint names (survey, survey_upload … police_cancel).
_PUBLISHED_STEPS = (
    ("", "", survey_views.page, ["GET"]),
    ("/importera", "_upload", survey_views.upload, ["GET", "POST"]),
    ("/importera/<token>", "_preview", survey_views.preview, ["GET"]),
    ("/importera/<token>/bekrafta", "_confirm", survey_views.confirm, ["POST"]),
    ("/importera/<token>/avbryt", "_cancel", survey_views.cancel, ["POST"]),
)
for _published in survey_views.KINDS.values():
    for _path, _name, _view, _methods in _PUBLISHED_STEPS:
        bp.add_url_rule(
            _published.path + _path,
            _published.endpoint + _name,
            _view,
            defaults={"kind": _published.kind},
            methods=_methods,
        )
