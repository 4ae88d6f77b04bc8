"""The records blueprint: gallring (views.py) and utlämnande (disclosure_views.py).

The URL table of the capability: it imports the route modules, they never import it.
"""

from flask import Blueprint

from . import disclosure_views, views

bp = Blueprint("records", __name__)

# views.py
bp.add_url_rule("/admin/gallring", view_func=views.retention, methods=["GET"])

# disclosure_views.py
bp.add_url_rule("/utlamnande", view_func=disclosure_views.period, methods=["GET"])
bp.add_url_rule(
    "/utlamnande/iakttagelser/<int:observation_id>", view_func=disclosure_views.one, methods=["GET"]
)
