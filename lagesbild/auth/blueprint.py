"""The two blueprints of accounts and access: signing in and out (auth), the own account (account).

The URL tables of the capability: they import the route modules, those never import this.
"""

from flask import Blueprint

from . import account, views

bp = Blueprint("auth", __name__)

# views.py
bp.add_url_rule("/logga-in", view_func=views.login, methods=["GET", "POST"])
bp.add_url_rule("/logga-in/verifiera", view_func=views.second_factor, methods=["GET", "POST"])
bp.add_url_rule("/logga-in/ny-tvafaktor", view_func=views.enrol_at_login, methods=["GET", "POST"])
bp.add_url_rule("/logga-ut", view_func=views.logout, methods=["POST"])

account_bp = Blueprint("account", __name__, url_prefix="/konto")

# account.py
account_bp.add_url_rule("", view_func=account.overview, methods=["GET"])
account_bp.add_url_rule("/aktiv", view_func=account.keepalive, methods=["GET"])
account_bp.add_url_rule("/losenord", view_func=account.change_password, methods=["GET", "POST"])
account_bp.add_url_rule("/aktivera/<token>", view_func=account.activate, methods=["GET", "POST"])
account_bp.add_url_rule("/tvafaktor", view_func=account.two_factor, methods=["GET", "POST"])
account_bp.add_url_rule("/tvafaktor/nya-koder", view_func=account.renew_codes, methods=["POST"])
account_bp.add_url_rule("/tvafaktor/stang-av", view_func=account.disable_two_factor, methods=["POST"])
