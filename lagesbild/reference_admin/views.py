"""The coordinator's reference data pages: categories, places, areas, usual categories, files.

Thin views: load or 404 -> form -> one operation -> one commit -> flash -> redirect. An area boundary
and a set of reference files go upload -> preview -> save or cancel (lagesbild/uploads.py).
"""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from lagesbild import formats, uploads
from lagesbild.auth.decorators import coordinator_required
from lagesbild.auth.forms import ConfirmForm
from lagesbild.extensions import db
from lagesbild.inputs import page_number, parse_time
from lagesbild.meeting_day import describe, meeting_day, set_meeting_day
from lagesbild.models import Area, Category, Organisation, Place
from lagesbild.observations.queries import category_tree as active_tree
from lagesbild.paging import page_size, paginate_list
from lagesbild.refusals import RefusedChange, show_refusal

from . import files_set, operations, queries
from .forms import (
    AreaForm,
    CategoryForm,
    MeetingDayForm,
    MergeForm,
    PlaceForm,
    ReferenceUploadForm,
    UsualCategoriesForm,
)
from .geometry import BoundaryError
from .sets import ReferenceSetError

BOUNDARY = "boundary"
FILES = "reference"


@coordinator_required
def index():
    return render_template(
        "reference_admin/index.html",
        tree=queries.category_tree(db.session),
        places=paginate_list(queries.places(db.session), page_number(request.args, "platssida"), page_size()),
        areas=queries.areas(db.session),
        organisations=Organisation.active_in_swedish_order(db.session),
        confirm=ConfirmForm(),
        meeting_day=meeting_day(db.session),
    )


# --- categories ---------------------------------------------------------------------------------


def _tops():
    return [top for top, _subs in active_tree(db.session)]


def _parent(form) -> Category | None:
    return db.session.get(Category, int(form.parent.data)) if form.parent.data else None


@coordinator_required
def category_new():
    form = CategoryForm(_tops(), data={"parent": request.args.get("under", "")})
    if form.validate_on_submit():
        category = operations.create_category(
            db.session, form.name.data, form.description.data, _parent(form)
        )
        db.session.commit()
        flash(f"Kategorin {category.name} är tillagd.", "success")
        return redirect(url_for(".index", _anchor="kategorier"))
    return render_template("reference_admin/form.html", form=form, title="Ny kategori")


@coordinator_required
def category_edit(category_id: int):
    category = db.get_or_404(Category, category_id)
    data = {
        "name": category.name,
        "description": category.description,
        "parent": str(category.parent_id or ""),
        "sort_order": category.sort_order,
    }
    form = CategoryForm(_tops(), data=data, top_allowed=category.parent is None)
    if category.parent is None:
        del form.parent  # a top category stays a top category
    if form.validate_on_submit():
        parent = _parent(form) if "parent" in form else None
        operations.update_category(
            db.session, category, form.name.data, form.description.data, form.sort_order.data, parent
        )
        db.session.commit()
        flash(f"Kategorin {category.name} är sparad.", "success")
        return redirect(url_for(".index", _anchor="kategorier"))
    return render_template("reference_admin/form.html", form=form, title=f"Ändra {category.name}")


def _merge_page(source, others: list[tuple[str, str]], merge, anchor: str, kind: str):
    """Merging a category or a place: pick the target, move, say how many observations followed."""
    form = MergeForm(others)
    if form.validate_on_submit():
        target = db.session.get(type(source), int(form.target.data))
        try:
            moved = merge(db.session, source, target)
        except RefusedChange as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            moved_text = formats.antal(moved, "iakttagelse", "iakttagelser")
            flash(f"{source.name} är sammanslagen med {target.name}; {moved_text} flyttades.", "success")
            return redirect(url_for(".index", _anchor=anchor))
    return render_template("reference_admin/merge.html", form=form, source=source, kind=kind)


@coordinator_required
def category_merge(category_id: int):
    source = db.get_or_404(Category, category_id)
    others = [(str(sub.id), sub.full_name) for _top, subs in active_tree(db.session) for sub in subs]
    others = [pair for pair in others if pair[0] != str(source.id)]
    return _merge_page(source, others, operations.merge_category, "kategorier", "kategorin")


def _set_active(model, object_id: int, active: bool, operation, anchor: str):
    obj = db.get_or_404(model, object_id)
    if ConfirmForm().validate_on_submit():
        try:
            operation(db.session, obj, active)
        except RefusedChange as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(f"{obj.name} är {'återaktiverad' if active else 'inaktiverad'}.", "success")
    return redirect(url_for(".index", _anchor=anchor))


@coordinator_required
def category_deactivate(category_id: int):
    return _set_active(Category, category_id, False, operations.set_category_active, "kategorier")


@coordinator_required
def category_reactivate(category_id: int):
    return _set_active(Category, category_id, True, operations.set_category_active, "kategorier")


# --- places -------------------------------------------------------------------------------------


def _place_page(form, title: str, place=None):
    return render_template(
        "reference_admin/place_form.html",
        form=form,
        title=title,
        place=place,
        areas=queries.areas(db.session),
    )


def _place_form(place: Place | None):
    """The new and the edit page: one form, one refusal path; only the write and its wording differ."""
    form = PlaceForm(obj=place, bounds=queries.municipality_bounds(db.session))
    if form.validate_on_submit():
        fields = (form.name.data, form.kind.data, form.lat.number, form.lon.number, form.aliases.data)
        new = place is None
        try:
            if new:
                place = operations.create_place(db.session, *fields)
            else:
                operations.update_place(db.session, place, *fields)
        except RefusedChange as error:
            show_refusal(form, error)
        else:
            db.session.commit()  # expires the place: its area is read anew after a move
            done = f"är tillagd i {place.area.name}" if new else f"är sparad ({place.area.name})"
            flash(f"Platsen {place.name} {done}.", "success")
            return redirect(url_for(".index", _anchor="platser"))
    return _place_page(form, f"Ändra {place.name}" if place else "Ny plats", place)


@coordinator_required
def place_new():
    return _place_form(None)


@coordinator_required
def place_edit(place_id: int):
    return _place_form(db.get_or_404(Place, place_id))


@coordinator_required
def place_merge(place_id: int):
    source = db.get_or_404(Place, place_id)
    others = [(str(p.id), p.name) for p in queries.places(db.session) if p.is_active and p.id != source.id]
    return _merge_page(source, others, operations.merge_place, "platser", "platsen")


@coordinator_required
def place_deactivate(place_id: int):
    return _set_active(Place, place_id, False, operations.set_place_active, "platser")


@coordinator_required
def place_reactivate(place_id: int):
    return _set_active(Place, place_id, True, operations.set_place_active, "platser")


# --- areas --------------------------------------------------------------------------------------


def _boundary_upload(form, area: Area | None):
    """Check the uploaded boundary; keep it for the preview and redirect there, or None when refused."""
    data = form.boundary.data.read() if form.boundary.data else b""
    same_name = db.session.scalar(select(Area).where(func.lower(Area.name) == form.name.data.strip().lower()))
    if same_name is not None and same_name is not area:
        form.name.errors = ["Det finns redan ett område med det namnet."]
        return None
    try:
        check = queries.check_boundary(db.session, data, area)
    except BoundaryError as error:
        form.boundary.errors = [str(error)]
        return None
    pending = {
        "area_id": area.id if area else None,
        "name": form.name.data,
        "sort_order": form.sort_order.data,
        "geojson": check.geojson,
        "centre": check.centre,
        "size": check.size,
        "overlaps": check.overlaps,
    }
    token = uploads.store(current_user.id, BOUNDARY, pending)
    return redirect(url_for(".area_preview", token=token))


@coordinator_required
def area_new():
    form = AreaForm()
    # A new area comes with its boundary: points are placed in areas by their boundaries.
    if form.validate_on_submit() and (response := _boundary_upload(form, None)):
        return response
    return render_template("reference_admin/area_form.html", form=form, title="Nytt område", area=None)


@coordinator_required
def area_edit(area_id: int):
    area = db.get_or_404(Area, area_id)
    form = AreaForm(obj=area)
    if form.validate_on_submit():
        if form.boundary.data:  # name, order and boundary are saved together after the preview
            if response := _boundary_upload(form, area):
                return response
        else:
            try:
                operations.update_area(db.session, area, form.name.data, form.sort_order.data)
            except RefusedChange as error:
                show_refusal(form, error)
            else:
                db.session.commit()
                flash(f"Området {area.name} är sparat.", "success")
                return redirect(url_for(".index", _anchor="omraden"))
    return render_template("reference_admin/area_form.html", form=form, title=f"Ändra {area.name}", area=area)


@coordinator_required
def area_preview(token: str):
    pending = uploads.load_or_404(current_user.id, BOUNDARY, token)
    return render_template(
        "reference_admin/area_preview.html",
        pending=pending,
        token=token,
        map_parts=queries.boundary_map(db.session, pending),
        confirm=ConfirmForm(),
    )


@coordinator_required
def area_save(token: str):
    pending = uploads.load_or_404(current_user.id, BOUNDARY, token)
    if ConfirmForm().validate_on_submit():
        try:
            area = operations.save_pending_area(db.session, pending)
        except RefusedChange as error:
            flash(error.message, "error")
            return redirect(url_for(".area_preview", token=token))
        db.session.commit()
        uploads.discard(current_user.id, BOUNDARY, token)
        flash(f"Området {area.name} är sparat med sin gräns.", "success")
    return redirect(url_for(".index", _anchor="omraden"))


@coordinator_required
def area_cancel(token: str):
    uploads.load_or_404(current_user.id, BOUNDARY, token)
    if ConfirmForm().validate_on_submit():
        uploads.discard(current_user.id, BOUNDARY, token)
        flash("Gränsen sparades inte.", "success")
    return redirect(url_for(".index", _anchor="omraden"))


@coordinator_required
def area_deactivate(area_id: int):
    return _set_active(Area, area_id, False, operations.set_area_active, "omraden")


@coordinator_required
def area_reactivate(area_id: int):
    return _set_active(Area, area_id, True, operations.set_area_active, "omraden")


# --- organisations ------------------------------------------------------------------------------


@coordinator_required
def organisation_categories(org_id: int):
    organisation = db.get_or_404(Organisation, org_id)
    current = [str(category.id) for category in organisation.usual_categories]
    form = UsualCategoriesForm(active_tree(db.session), data={"categories": current})
    if form.validate_on_submit():
        chosen = [db.session.get(Category, int(value)) for value in form.categories.data]
        operations.set_usual_categories(db.session, organisation, chosen)
        db.session.commit()
        flash(f"{organisation.name}s vanliga kategorier är sparade.", "success")
        return redirect(url_for(".index", _anchor="organisationer"))
    return render_template(
        "reference_admin/form.html", form=form, title=f"Vanliga kategorier: {organisation.name}"
    )


# --- the meeting day ----------------------------------------------------------------------------


@coordinator_required
def meeting_day_edit():
    day = meeting_day(db.session)
    at = f"{day.time.hour:02d}.{day.time.minute:02d}" if day.time else ""
    form = MeetingDayForm(data={"weekday": str(day.weekday), "starts": at})
    if form.validate_on_submit():
        weekday, starts = int(form.weekday.data), parse_time(form.starts.data or "")
        set_meeting_day(db.session, weekday, starts, via="admin")
        db.session.commit()
        flash(f"Mötesdagen är {describe(weekday, starts)}.", "success")
        return redirect(url_for(".index", _anchor="motesdag"))
    return render_template("reference_admin/form.html", form=form, title="Mötesdag")


# --- the reference files, uploaded --------------------------------------------------------------


@coordinator_required
def files_upload():
    form = ReferenceUploadForm()
    if form.validate_on_submit():
        files = {
            upload.filename.rsplit("/", 1)[-1]: upload.read() for upload in form.files.data or [] if upload
        }
        try:
            files_set.parse(db.session, files)
        except ReferenceSetError as error:
            form.files.errors = error.messages
        else:
            token = uploads.store(current_user.id, FILES, files_set.encode(files))
            return redirect(url_for(".files_preview", token=token))
    return render_template("reference_admin/files_upload.html", form=form)


@coordinator_required
def files_preview(token: str):
    files = files_set.decode(uploads.load_or_404(current_user.id, FILES, token))
    try:
        changes = files_set.dry_run(db.session, files)
    except ReferenceSetError as error:  # the database changed since the upload was checked
        uploads.discard(current_user.id, FILES, token)
        flash(" ".join(error.messages), "error")
        return redirect(url_for(".files_upload"))
    return render_template(
        "reference_admin/files_preview.html", changes=changes, token=token, confirm=ConfirmForm()
    )


@coordinator_required
def files_confirm(token: str):
    files = files_set.decode(uploads.load_or_404(current_user.id, FILES, token))
    if ConfirmForm().validate_on_submit():
        uploads.discard(current_user.id, FILES, token)
        try:
            changes = files_set.load(db.session, files)
        except ReferenceSetError as error:
            db.session.rollback()
            flash(" ".join(error.messages), "error")
            return redirect(url_for(".files_upload"))
        db.session.commit()
        flash(" ".join(changes.summary()), "success")
    return redirect(url_for(".index"))


@coordinator_required
def files_cancel(token: str):
    uploads.load_or_404(current_user.id, FILES, token)
    if ConfirmForm().validate_on_submit():
        uploads.discard(current_user.id, FILES, token)
        flash("Filerna lästes inte in.", "success")
    return redirect(url_for(".index"))
