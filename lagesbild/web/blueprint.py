"""The web blueprint: the start page and the health probe.

The URL table: it imports the route module, which never imports it.
"""

from flask import Blueprint

from . import views

bp = Blueprint("web", __name__)

# views.py
bp.add_url_rule("/", view_func=views.index, methods=["GET"])
bp.add_url_rule("/start", view_func=views.start, methods=["GET"])
bp.add_url_rule("/halsa", view_func=views.health, methods=["GET"])
