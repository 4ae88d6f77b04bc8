"""The walks blueprint: planning a trygghetsvandring and its invitation (views.py); findings from the
field, photos, actions and the report (findings.py).

The URL table of the capability: it imports the route modules, they never import it.
"""

from flask import Blueprint

from lagesbild.models import FindingOutcome

from . import findings, views

bp = Blueprint("walks", __name__)

# views.py
bp.add_app_template_global(FindingOutcome, "FindingOutcome")
bp.add_app_template_global(views.new_client_key, "uuid")
bp.add_app_template_global(views.counted_walks, "counted_walks")
bp.add_url_rule("/trygghetsvandringar", view_func=views.index, methods=["GET"])
bp.add_url_rule("/trygghetsvandringar/ny", view_func=views.create, methods=["GET", "POST"])
bp.add_url_rule("/trygghetsvandringar/<int:walk_id>", view_func=views.show, methods=["GET"])
bp.add_url_rule("/trygghetsvandringar/<int:walk_id>/andra", view_func=views.edit, methods=["GET", "POST"])
bp.add_url_rule(
    "/trygghetsvandringar/<int:walk_id>/aterbesok", view_func=views.rewalk, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/trygghetsvandringar/<int:walk_id>/inbjudan", view_func=views.invitation_page, methods=["GET"]
)
bp.add_url_rule(
    "/trygghetsvandringar/<int:walk_id>/inbjudan.ics", view_func=views.invitation_ics, methods=["GET"]
)
bp.add_url_rule("/trygghetsvandringar/<int:walk_id>/genomford", view_func=views.held, methods=["GET", "POST"])

# findings.py
bp.add_url_rule(
    "/trygghetsvandringar/<int:walk_id>/iakttagelser", view_func=findings.new_finding, methods=["GET", "POST"]
)
bp.add_url_rule("/trygghetsvandringar/<int:walk_id>/rapport", view_func=findings.report, methods=["GET"])
bp.add_url_rule(
    "/trygghetsvandringar/<int:walk_id>/rapport/skicka", view_func=findings.send_report, methods=["POST"]
)
bp.add_url_rule("/trygghetsvandringar/foton/<int:photo_id>", view_func=findings.photo, methods=["GET"])
bp.add_url_rule(
    "/trygghetsvandringar/iakttagelser/<int:finding_id>/atgard",
    view_func=findings.finding_action,
    methods=["GET", "POST"],
)
