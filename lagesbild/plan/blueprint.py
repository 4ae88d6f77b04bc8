"""The åtgärdsplan blueprint: the plan's page, its measures and its two documents.

The URL table of the capability: it imports the route module, the views never import it.
"""

from flask import Blueprint

from . import views

bp = Blueprint("plan", __name__)

bp.add_url_rule("/atgardsplan", view_func=views.page, methods=["GET"])
bp.add_url_rule("/atgardsplan/atgarder", view_func=views.add, methods=["POST"])
bp.add_url_rule("/atgardsplan/atgarder/<int:measure_id>/andra", view_func=views.edit, methods=["GET", "POST"])
bp.add_url_rule("/atgardsplan/dokument.docx", view_func=views.docx_file, methods=["GET"])
bp.add_url_rule("/atgardsplan/dokument.html", view_func=views.html_file, methods=["GET"])
