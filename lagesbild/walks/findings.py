"""Findings from the field (also drafts sent later), their photos, their actions, the report and
sending it to the participants."""

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from lagesbild.auth.decorators import chair_required, coordinator_required, member_required
from lagesbild.auth.forms import ConfirmForm
from lagesbild.errors import wants_json
from lagesbild.extensions import db
from lagesbild.inputs import ascii_int, options
from lagesbild.models import FindingCategory, FindingOutcome, Walk, WalkFinding, WalkPhoto

from . import operations, photos, queries
from .forms import MAX_PHOTOS, ActionFromFindingForm, FindingForm
from .views import walk_page


def _earlier(form: FindingForm, walk) -> WalkFinding | None:
    """The earlier walk's finding a re-walk looks at again; an error beside the field if it is not one."""
    number = ascii_int(form.earlier_finding.data)
    if not form.earlier_finding.data:
        return None
    earlier = db.session.get(WalkFinding, number) if number is not None else None
    if earlier is None or walk.previous_walk_id is None or earlier.walk_id != walk.previous_walk_id:
        form.earlier_finding.errors = ["Den tidigare iakttagelsen hör inte till vandringen som görs om."]
        return None
    if not form.outcome.data:
        form.outcome.errors = ["Välj om det är åtgärdat, delvis åtgärdat eller inte åtgärdat."]
    return earlier


def _cleaned_photos(form: FindingForm) -> list[photos.CleanPhoto]:
    """Each upload checked and re-encoded in memory; a refusal goes beside the photo field."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    cleaned = []
    for upload in form.uploads()[:MAX_PHOTOS]:
        try:
            cleaned.append(photos.clean(upload.read(limit + 1), limit))
        except photos.PhotoRefused as refusal:
            form.photos.errors = [*form.photos.errors, f"{upload.filename[:60]}: {refusal}"]
    return cleaned


def _save(walk, form: FindingForm, earlier: WalkFinding | None, cleaned) -> WalkFinding:
    fields = operations.FindingFields(
        client_key=form.client_key.data,
        lat=form.point()[0],
        lon=form.point()[1],
        category=FindingCategory(form.category.data),
        text=form.text.data or "",
        earlier_finding_id=earlier.id if earlier else None,
        outcome=FindingOutcome(form.outcome.data) if earlier and form.outcome.data else None,
    )
    finding = operations.record_finding(db.session, walk, fields, cleaned, current_user)
    tokens = [photo.token for photo in finding.photos]
    try:
        db.session.commit()
    except IntegrityError:  # the same draft arrived twice at the same moment: the other one is kept
        db.session.rollback()
        for token in tokens:
            photos.remove(token)
        finding = operations.existing_finding(db.session, walk, fields.client_key)
        if finding is None:
            raise
    return finding


@member_required
def new_finding(walk_id: int):
    walk = db.get_or_404(Walk, walk_id)
    form = FindingForm()
    if form.is_submitted():
        already = form.client_key.data and operations.existing_finding(db.session, walk, form.client_key.data)
        if already:  # a draft sent again after the first answer was lost: saved once, answered as saved
            return _answer(walk, already, created=False)
        valid = form.validate()
        earlier = _earlier(form, walk)
        cleaned = _cleaned_photos(form) if valid else []
        errors = {name: messages for name, messages in form.errors.items() if messages}
        if valid and not errors:
            return _answer(walk, _save(walk, form, earlier, cleaned), created=True)
        if wants_json():
            return {"sparad": False, "fel": errors}, 422
    return render_template(
        "walks/field.html",
        walk=walk,
        form=form,
        map_data=queries.map_data(walk, queries.earlier_findings(walk)),
        max_photos=MAX_PHOTOS,
        max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
    )


def _answer(walk, finding: WalkFinding, created: bool):
    if wants_json():
        return {"sparad": True, "id": finding.id, "foton": len(finding.photos)}, 201 if created else 200
    flash("Iakttagelsen är sparad.", "success")
    return redirect(url_for("walks.new_finding", walk_id=walk.id))


@member_required
def photo(photo_id: int):
    """A walk photo, to signed-in members only; the file lives outside the web root (instance/)."""
    record = db.session.get(WalkPhoto, photo_id)
    if record is None:
        abort(404)
    path = photos.path(record.token, thumbnail=request.args.get("storlek") == "liten")
    if not path.is_file():
        abort(404)
    # Read whole (a re-encoded photo is well under a megabyte): no file handle outlives the request.
    return Response(path.read_bytes(), mimetype="image/jpeg", headers={"Content-Disposition": "inline"})


@chair_required
def finding_action(finding_id: int):
    finding = db.session.get(WalkFinding, finding_id)
    if finding is None:
        abort(404)
    if finding.action is not None:
        flash("Iakttagelsen har redan en åtgärd.", "info")
        return redirect(url_for("walks.show", walk_id=finding.walk_id, _anchor=f"fynd-{finding.id}"))
    form = ActionFromFindingForm(
        data={"title": f"{finding.category.label}: {finding.text}"[:200], "owner": 0}
    )
    form.owner.choices = options([(0, "Välj organisation")] + queries.organisation_choices(db.session))
    if form.validate_on_submit():
        operations.action_from_finding(
            db.session, finding, form.title.data, form.owner.data, form.due_on.data, current_user
        )
        db.session.commit()
        flash("Åtgärden är skapad och syns bland mötets öppna åtgärder.", "success")
        return redirect(url_for("walks.show", walk_id=finding.walk_id, _anchor=f"fynd-{finding.id}"))
    return render_template("walks/finding_action.html", form=form, finding=finding)


@member_required
def report(walk_id: int):
    walk = db.get_or_404(Walk, walk_id)
    return render_template(
        "walks/report.html",
        **walk_page(walk),
        send_form=ConfirmForm(),
        sent_to=queries.report_recipients(db.session, walk),
    )


@coordinator_required
def send_report(walk_id: int):
    walk = db.get_or_404(Walk, walk_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        queued = operations.send_report(db.session, walk, current_user)
    except operations.NotHeld:
        flash("Rapporten kan skickas när vandringen är markerad som genomförd.", "error")
        return redirect(url_for("walks.report", walk_id=walk.id))
    db.session.commit()
    if queued:
        flash(f"Rapporten skickas till {queued} deltagare med nästa utskick.", "success")
    else:
        flash("Alla deltagare har redan fått rapporten (eller har valt bort sådana meddelanden).", "info")
    return redirect(url_for("walks.report", walk_id=walk.id))
