"""The observations blueprint: post, correct, withdraw and list (views.py); the CSV import
(import_views.py).

The URL table of the capability: it imports the route modules, they never import it.
"""

from flask import Blueprint

from . import import_views, views

bp = Blueprint("observations", __name__)

# views.py
bp.add_url_rule("/iakttagelser/ny", view_func=views.new, methods=["GET", "POST"])
bp.add_url_rule("/iakttagelser/<int:observation_id>", view_func=views.show, methods=["GET"])
bp.add_url_rule("/iakttagelser/<int:observation_id>/andra", view_func=views.edit, methods=["GET", "POST"])
bp.add_url_rule(
    "/iakttagelser/<int:observation_id>/aterkalla", view_func=views.withdraw, methods=["GET", "POST"]
)
bp.add_url_rule("/mina-iakttagelser", view_func=views.mine, methods=["GET"])
bp.add_url_rule("/iakttagelser", view_func=views.group_list, methods=["GET"])
bp.add_url_rule("/iakttagelser.json", view_func=views.group_list_json, methods=["GET"])
bp.add_url_rule("/iakttagelser/omrade", view_func=views.area_for_point, methods=["GET"])

# import_views.py
bp.add_url_rule("/iakttagelser/import", view_func=import_views.import_upload, methods=["GET", "POST"])
bp.add_url_rule("/iakttagelser/import/exempel.csv", view_func=import_views.import_sample, methods=["GET"])
bp.add_url_rule(
    "/iakttagelser/import/<token>", view_func=import_views.import_preview, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/iakttagelser/import/<token>/genomfor", view_func=import_views.import_commit, methods=["POST"]
)
bp.add_url_rule("/iakttagelser/import/<token>/avbryt", view_func=import_views.import_cancel, methods=["POST"])
