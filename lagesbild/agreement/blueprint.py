"""The agreement blueprint: the samverkansöverenskommelse, its focus areas, activities and versions.

The URL table of the capability: it imports the route module, the views never import it.
"""

from flask import Blueprint

from . import views

bp = Blueprint("agreement", __name__)

bp.add_url_rule("/overenskommelser", view_func=views.index, methods=["GET"])
bp.add_url_rule("/overenskommelser/ny", view_func=views.create, methods=["GET", "POST"])
bp.add_url_rule("/overenskommelser/<int:agreement_id>", view_func=views.show, methods=["GET"])
bp.add_url_rule("/overenskommelser/<int:agreement_id>/andra", view_func=views.edit, methods=["GET", "POST"])
bp.add_url_rule(
    "/overenskommelser/<int:agreement_id>/omraden", view_func=views.add_focus_area, methods=["POST"]
)
bp.add_url_rule(
    "/overenskommelser/<int:agreement_id>/aktiviteter", view_func=views.add_activity, methods=["POST"]
)
bp.add_url_rule(
    "/overenskommelser/<int:agreement_id>/versioner", view_func=views.add_version, methods=["POST"]
)
