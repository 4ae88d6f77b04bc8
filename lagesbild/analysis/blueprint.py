"""The analysis blueprint: the year's analysis and its drafts.

The URL table of the capability: it imports the route module, the views never import it.
"""

from flask import Blueprint

from . import views

bp = Blueprint("analysis", __name__)

bp.add_url_rule("/analys", view_func=views.page, methods=["GET"])
bp.add_url_rule("/analys", view_func=views.save, methods=["POST"])
bp.add_url_rule("/analys/utkast/<int:draft_id>", view_func=views.draft, methods=["GET"])
