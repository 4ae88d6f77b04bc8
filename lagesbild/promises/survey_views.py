"""Routes for the safety survey: the comparison page and the coordinator's CSV import.

The import follows the flow every import shares (lagesbild/uploads.py): upload -> preview -> confirm
or cancel; the checked file waits server-side under a token, never in the browser.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from lagesbild import periods, uploads
from lagesbild.auth.decorators import coordinator_required, member_required
from lagesbild.extensions import db

from . import queries
from .forms import SurveyConfirmForm, SurveyUploadForm
from .operations import import_survey
from .survey_import import MAX_BYTES, parse_survey_csv
from .survey_page import survey_page_context, survey_years

KIND = "survey"


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


def _parse(pending: dict):
    # Checked on every step against today's areas: what is written is exactly what passes the checks.
    return parse_survey_csv(uploads.decode_bytes(pending["content"]), _area_names(), periods.today_local())


@coordinator_required
def survey_upload():
    form, parsed = SurveyUploadForm(), None
    if form.validate_on_submit():
        data = form.file.data.read(MAX_BYTES + 1)
        parsed = parse_survey_csv(data, _area_names(), periods.today_local())
        if parsed.ok:  # a refused file is never written to the server
            pending = {"filename": form.file.data.filename[:255], "content": uploads.encode_bytes(data)}
            token = uploads.store(current_user.id, KIND, pending)
            return redirect(url_for(".survey_preview", token=token))
    return render_template("promises/survey_import.html", form=form, parsed=parsed, confirm=None)


@coordinator_required
def survey_preview(token: str):
    pending = uploads.load_or_404(current_user.id, KIND, token)
    parsed = _parse(pending)
    if not parsed.ok:  # an area renamed since the upload: refused, and the file goes
        uploads.discard(current_user.id, KIND, token)
    return render_template(
        "promises/survey_import.html",
        form=SurveyUploadForm(),
        parsed=parsed,
        confirm=SurveyConfirmForm(),
        token=token,
    )


@coordinator_required
def survey_confirm(token: str):
    pending = uploads.load_or_404(current_user.id, KIND, token)
    if not SurveyConfirmForm().validate_on_submit():
        return redirect(url_for(".survey_preview", token=token))
    parsed = _parse(pending)
    # Refused or done, the file does not wait on the server any longer.
    uploads.discard(current_user.id, KIND, token)
    if not parsed.ok:
        flash("Filen kunde inte läsas in. Ladda upp den igen.", "error")
        return redirect(url_for(".survey_upload"))
    outcome = import_survey(db.session, parsed.rows, pending["filename"])
    db.session.commit()
    flash(
        f"Trygghetsmätningen är inläst: {outcome.created} nya värden, {outcome.updated} uppdaterade, "
        f"{outcome.unchanged} oförändrade.",
        "success",
    )
    years = [row.year for row in parsed.rows]
    return redirect(url_for(".survey", fran=min(years), till=max(years)))


@coordinator_required
def survey_cancel(token: str):
    uploads.load_or_404(current_user.id, KIND, token)
    if SurveyConfirmForm().validate_on_submit():  # the CSRF token: no other site can cancel for the user
        uploads.discard(current_user.id, KIND, token)
        flash("Inläsningen avbröts och filen är borttagen från servern.", "success")
    return redirect(url_for(".survey_upload"))
