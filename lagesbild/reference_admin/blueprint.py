"""The coordinator's reference data pages: the URL table of the capability (views never import it)."""

from flask import Blueprint

from . import views

bp = Blueprint("reference_admin", __name__, url_prefix="/admin/referensdata")

bp.add_url_rule("", view_func=views.index, methods=["GET"])
bp.add_url_rule("/kategorier/ny", view_func=views.category_new, methods=["GET", "POST"])
bp.add_url_rule("/kategorier/<int:category_id>/andra", view_func=views.category_edit, methods=["GET", "POST"])
bp.add_url_rule(
    "/kategorier/<int:category_id>/sla-ihop", view_func=views.category_merge, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/kategorier/<int:category_id>/inaktivera", view_func=views.category_deactivate, methods=["POST"]
)
bp.add_url_rule(
    "/kategorier/<int:category_id>/aktivera", view_func=views.category_reactivate, methods=["POST"]
)
bp.add_url_rule("/platser/ny", view_func=views.place_new, methods=["GET", "POST"])
bp.add_url_rule("/platser/<int:place_id>/andra", view_func=views.place_edit, methods=["GET", "POST"])
bp.add_url_rule("/platser/<int:place_id>/sla-ihop", view_func=views.place_merge, methods=["GET", "POST"])
bp.add_url_rule("/platser/<int:place_id>/inaktivera", view_func=views.place_deactivate, methods=["POST"])
bp.add_url_rule("/platser/<int:place_id>/aktivera", view_func=views.place_reactivate, methods=["POST"])
bp.add_url_rule("/omraden/ny", view_func=views.area_new, methods=["GET", "POST"])
bp.add_url_rule("/omraden/<int:area_id>/andra", view_func=views.area_edit, methods=["GET", "POST"])
bp.add_url_rule("/omraden/<int:area_id>/inaktivera", view_func=views.area_deactivate, methods=["POST"])
bp.add_url_rule("/omraden/<int:area_id>/aktivera", view_func=views.area_reactivate, methods=["POST"])
bp.add_url_rule("/omraden/granser/<token>", view_func=views.area_preview, methods=["GET"])
bp.add_url_rule("/omraden/granser/<token>/spara", view_func=views.area_save, methods=["POST"])
bp.add_url_rule("/omraden/granser/<token>/avbryt", view_func=views.area_cancel, methods=["POST"])
bp.add_url_rule(
    "/organisationer/<int:org_id>/kategorier",
    view_func=views.organisation_categories,
    methods=["GET", "POST"],
)
bp.add_url_rule("/motesdag", view_func=views.meeting_day_edit, methods=["GET", "POST"])
bp.add_url_rule("/filer", view_func=views.files_upload, methods=["GET", "POST"])
bp.add_url_rule("/filer/<token>", view_func=views.files_preview, methods=["GET"])
bp.add_url_rule("/filer/<token>/bekrafta", view_func=views.files_confirm, methods=["POST"])
bp.add_url_rule("/filer/<token>/avbryt", view_func=views.files_cancel, methods=["POST"])
