"""Routes for the safety survey: the comparison page and the coordinator's CSV import."""

import base64

from flask import flash, redirect, render_template, request, url_for

from lagesbild import periods
from lagesbild.auth.decorators import coordinator_required, member_required
from lagesbild.extensions import db

from . import queries
from .forms import SurveyConfirmForm, SurveyUploadForm
from .operations import import_survey
from .survey_import import MAX_BYTES, parse_survey_csv
from .survey_page import survey_page_context, survey_years


@member_required
def survey():
    year_from, year_to = survey_years(request.args, periods.today_local().year)
    return render_template(
        "promises/survey.html",
        today=periods.today_local(),
        **survey_page_context(db.session, year_from, year_to),
    )


def _area_names() -> list[str]:
    return [name for _id, name in queries.area_choices(db.session, None)[1:]]


@coordinator_required
def survey_upload():
    form, parsed, confirm = SurveyUploadForm(), None, None
    if form.validate_on_submit():
        data = form.file.data.read(MAX_BYTES + 1)
        parsed = parse_survey_csv(data, _area_names(), periods.today_local())
        if parsed.ok:
            content = base64.b64encode(data).decode("ascii")
            confirm = SurveyConfirmForm(data={"content": content, "filename": form.file.data.filename})
    return render_template("promises/survey_import.html", form=form, parsed=parsed, confirm=confirm)


@coordinator_required
def survey_confirm():
    form = SurveyConfirmForm()
    try:
        data = base64.b64decode(form.content.data or "", validate=True) if form.validate_on_submit() else b""
    except ValueError:  # not base64 (binascii.Error), or not even ASCII text
        data = b""
    # Checked again: what is written is exactly what passes the checks, never part of a file.
    parsed = parse_survey_csv(data, _area_names(), periods.today_local())
    if not parsed.ok:
        flash("Filen kunde inte läsas in. Ladda upp den igen.", "error")
        return redirect(url_for("promises.survey_upload"))
    outcome = import_survey(db.session, parsed.rows, form.filename.data or "")
    db.session.commit()
    flash(
        f"Trygghetsmätningen är inläst: {outcome.created} nya värden, {outcome.updated} uppdaterade, "
        f"{outcome.unchanged} oförändrade.",
        "success",
    )
    years = [row.year for row in parsed.rows]
    return redirect(url_for("promises.survey", fran=min(years), till=max(years)))
