"""The follow-up blueprint: the year's follow-up page, its two documents and the evaluations.

The URL table of the capability: it imports the route module, the views never import it.
"""

from flask import Blueprint

from . import views

bp = Blueprint("followup", __name__)

bp.add_url_rule("/uppfoljning", view_func=views.page, methods=["GET"])
bp.add_url_rule("/uppfoljning/dokument.docx", view_func=views.docx_file, methods=["GET"])
bp.add_url_rule("/uppfoljning/dokument.html", view_func=views.html_file, methods=["GET"])
bp.add_url_rule(
    "/uppfoljning/loften/<int:promise_id>", view_func=views.evaluate_promise, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/uppfoljning/atgarder/<int:measure_id>", view_func=views.evaluate_measure, methods=["GET", "POST"]
)
