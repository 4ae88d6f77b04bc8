"""The admin blueprint (coordinator only): overview and organisations, users, the audit trail.

The URL table of the capability: it imports the route modules, they never import it.
"""

from flask import Blueprint

from . import audit_log, users, views

bp = Blueprint("admin", __name__, url_prefix="/admin")

# views.py
bp.add_url_rule("", view_func=views.index, methods=["GET"])
bp.add_url_rule("/organisationer", view_func=views.organisations, methods=["GET"])
bp.add_url_rule("/organisationer/ny", view_func=views.organisation_new, methods=["GET", "POST"])
bp.add_url_rule(
    "/organisationer/<int:org_id>/andra", view_func=views.organisation_edit, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/organisationer/<int:org_id>/inaktivera", view_func=views.organisation_deactivate, methods=["POST"]
)
bp.add_url_rule(
    "/organisationer/<int:org_id>/aktivera", view_func=views.organisation_reactivate, methods=["POST"]
)

# users.py
bp.add_url_rule("/anvandare", view_func=users.users, methods=["GET"])
bp.add_url_rule("/anvandare/ny", view_func=users.user_new, methods=["GET", "POST"])
bp.add_url_rule("/anvandare/<int:user_id>", view_func=users.user_detail, methods=["GET"])
bp.add_url_rule("/anvandare/<int:user_id>/andra", view_func=users.user_edit, methods=["GET", "POST"])
bp.add_url_rule("/anvandare/<int:user_id>/inaktivera", view_func=users.user_deactivate, methods=["POST"])
bp.add_url_rule("/anvandare/<int:user_id>/aktivera", view_func=users.user_reactivate, methods=["POST"])
bp.add_url_rule("/anvandare/<int:user_id>/aterstall-losenord", view_func=users.user_reset, methods=["POST"])
bp.add_url_rule(
    "/anvandare/<int:user_id>/stang-av-tvafaktor", view_func=users.user_reset_second_factor, methods=["POST"]
)

# audit_log.py
bp.add_url_rule("/logg", view_func=audit_log.audit, methods=["GET"])
bp.add_app_template_global(audit_log.audit_action_label)
bp.add_app_template_global(audit_log.audit_object_label)
bp.add_app_template_global(audit_log.audit_sentence)
bp.add_app_template_global(audit_log.audit_field_label)
bp.add_app_template_global(audit_log.audit_value)
