"""CSV import (coordinator): upload -> column mapping and preview -> import all or nothing."""

from functools import partial

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lagesbild import formats
from lagesbild.auth.decorators import coordinator_required
from lagesbild.csvfiles import CsvFileError
from lagesbild.database import refresh_statistics
from lagesbild.extensions import db
from lagesbild.inputs import ascii_int, options
from lagesbild.models import Organisation

from . import importing, operations, queries
from .fields import FIELDS, LABELS
from .forms import ImportForm, UploadForm, mapping_form_class


def _organisations():
    return Organisation.active_in_swedish_order(db.session)


@coordinator_required
def import_upload():
    form = UploadForm()
    organisations = {str(org.id): org for org in _organisations()}
    form.organisation.choices = options(
        [("", "Välj organisation")] + [(k, org.name) for k, org in organisations.items()]
    )
    if form.validate_on_submit():
        upload_file = form.fil.data
        if form.organisation.data not in organisations:
            form.organisation.errors = ["Välj vilken organisation loggen kommer från."]
        if not upload_file or not getattr(upload_file, "filename", ""):
            form.fil.errors = ["Välj en CSV-fil."]
        if not form.errors:
            try:
                upload = importing.store(
                    current_user.id, int(form.organisation.data), upload_file.filename, upload_file.read()
                )
            except CsvFileError as error:
                form.fil.errors = [str(error)]
            else:
                return redirect(url_for(".import_preview", token=upload.token))
    return render_template("observations/import_upload.html", form=form)


@coordinator_required
def import_sample():
    from lagesbild.config import PROJECT_ROOT

    data = (PROJECT_ROOT / "docs" / "samples" / "bevakning-vecka.csv").read_bytes()
    return Response(
        data, mimetype="text/csv", headers={"Content-Disposition": "attachment; filename=bevakning-vecka.csv"}
    )


def _load(token: str) -> importing.Upload:
    upload = importing.load(token, current_user.id)
    if upload is None:
        abort(404)  # stale, foreign or made up: the same 404 as every import (lagesbild/uploads.py)
    return upload


def _mapping_from(form, headers) -> dict[str, int | None]:
    mapping = {}
    for name in FIELDS:
        column = ascii_int(form[f"kolumn_{name}"].data)
        mapping[name] = column if column is not None and column < len(headers) else None
    return mapping


def _check(upload, form):
    mapping = _mapping_from(form, upload.headers)
    problems = importing.mapping_problems(mapping)
    results = (
        []
        if problems
        else importing.check_rows(
            upload,
            mapping,
            queries.validation_context(db.session),
            partial(operations.known_dedup_keys, db.session),
        )
    )
    return mapping, problems, results


@coordinator_required
def import_preview(token: str):
    upload = _load(token)
    form_class = mapping_form_class(upload.headers)
    if request.method == "GET":
        suggested = importing.suggest_mapping(upload.headers)
        form = form_class(data={f"kolumn_{k}": "" if v is None else str(v) for k, v in suggested.items()})
    else:
        form = form_class()
    return _preview_page(upload, form, *_check(upload, form))


def _preview_page(upload, form, mapping, problems, results, refused: bool = False):
    return render_template(
        "observations/import_preview.html",
        upload=upload,
        form=form,
        confirm=ImportForm(),
        fields=FIELDS,
        labels=LABELS,
        organisation=db.session.get(Organisation, upload.organisation_id),
        mapping_problems=problems,
        results=results,
        refused=refused,
    )


@coordinator_required
def import_commit(token: str):
    upload = _load(token)
    form = mapping_form_class(upload.headers)()
    mapping, problems, results = _check(upload, form)
    if problems or any(result.problems for result in results) or not form.validate_on_submit():
        # A refused import does not wait on the server: the file (and whatever the guard found
        # in it) is deleted now; the page still lists the problems from memory.
        importing.discard(upload)
        flash("Inget importerades: rätta felen i filen eller kolumnvalen och ladda upp filen igen.", "error")
        return _preview_page(upload, form, mapping, problems, results, refused=True)
    batch = operations.import_rows(db.session, upload, results, current_user)
    db.session.commit()
    refresh_statistics(db.session)  # the planner learns of the new rows now, not at autovacuum's pace
    db.session.commit()
    importing.discard(upload)
    skipped = sum(result.duplicate for result in results)
    imported = formats.antal(batch.row_count, "iakttagelse", "iakttagelser")
    message = f"{imported} importerades från {upload.filename}."
    if skipped:
        message += f" {formats.antal(skipped, 'rad', 'rader')} fanns redan och hoppades över."
    flash(message, "success")
    return redirect(url_for(".group_list"))


@coordinator_required
def import_cancel(token: str):
    upload = _load(token)
    if ImportForm().validate_on_submit():  # the CSRF token: no other site can cancel for the user
        importing.discard(upload)
        flash("Importen avbröts och filen är borttagen från servern.", "success")
    return redirect(url_for(".import_upload"))
