"""The problembild blueprint: the report on screen and its files as downloads.

The URL table of the capability: it imports the route module, which never imports it.
"""

from flask import Blueprint

from . import views

bp = Blueprint("problembild", __name__)

# views.py
bp.add_url_rule("/problembild", view_func=views.index, methods=["GET"])
bp.add_url_rule("/problembild/fil/<kind>", view_func=views.download, methods=["GET"])
