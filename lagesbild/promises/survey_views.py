"""Routes for published values: the trygghetsmätning and the police's statistics of reported crimes,
each on a comparison page beside the group's counts and with the coordinator's CSV import.

Both kinds share one file format and one flow (lagesbild/uploads.py): upload -> preview -> confirm or
cancel; the checked file waits server-side under a token, never in the browser. Which kind a route
serves is the only difference: its words, its endpoints and the upload's kind. So each step is one view,
and blueprint.py registers it under both kinds' URLs with the kind as the rule's default `kind`.
"""

from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from lagesbild import periods, uploads
from lagesbild.auth.decorators import coordinator_required, member_required
from lagesbild.extensions import db
from lagesbild.models import PublishedKind

from . import queries
from .forms import SurveyConfirmForm, SurveyUploadForm
from .operations import import_survey
from .survey_import import MAX_BYTES, parse_survey_csv
from .survey_page import survey_page_context, survey_years


@dataclass(frozen=True)
class Published:
    kind: PublishedKind
    upload_kind: str  # the pending upload's kind (lagesbild/uploads.py)
    endpoint: str  # prefix of the endpoints: survey, survey_upload, survey_preview …
    path: str  # prefix of the URLs: /trygghetsmatning, /trygghetsmatning/importera …
    title: str
    lead: str
    imported: str  # "Trygghetsmätningen är inläst"
    values: str  # what the values are called in the page's sentences


KINDS = {
    PublishedKind.SURVEY: Published(
        PublishedKind.SURVEY,
        "survey",
        "survey",
        "/trygghetsmatning",
        "Trygghetsmätning",
        "Polisens trygghetsmätning per område och år, bredvid antalet iakttagelser som gruppen rapporterat i "
        "samma område samma år.",
        "Trygghetsmätningen är inläst",
        "trygghetsmätningen",
    ),
    PublishedKind.POLICE: Published(
        PublishedKind.POLICE,
        "police",
        "police",
        "/polisstatistik",
        "Polisens statistik",
        "Polisens statistik över anmälda brott per område och år, bredvid antalet iakttagelser som gruppen "
        "rapporterat i samma område samma år.",
        "Polisens statistik är inläst",
        "polisens statistik",
    ),
}


@member_required
def page(kind: PublishedKind):
    published = KINDS[kind]
    year_from, year_to = survey_years(request.args, periods.today_local().year)
    return render_template(
        "promises/survey.html",
        today=periods.today_local(),
        published=published,
        **survey_page_context(db.session, year_from, year_to, published.kind),
    )


def _area_names() -> list[str]:
    return [name for _id, name in queries.area_choices(db.session, None)[1:]]


def _parse(pending: dict):
    # Checked on every step against today's areas: what is written is exactly what passes the checks.
    return parse_survey_csv(uploads.decode_bytes(pending["content"]), _area_names(), periods.today_local())


@coordinator_required
def upload(kind: PublishedKind):
    published = KINDS[kind]
    form, parsed = SurveyUploadForm(), None
    if form.validate_on_submit():
        data = form.file.data.read(MAX_BYTES + 1)
        parsed = parse_survey_csv(data, _area_names(), periods.today_local())
        if parsed.ok:  # a refused file is never written to the server
            pending = {"filename": form.file.data.filename[:255], "content": uploads.encode_bytes(data)}
            token = uploads.store(current_user.id, published.upload_kind, pending)
            return redirect(url_for(f".{published.endpoint}_preview", token=token))
    return render_template(
        "promises/survey_import.html", form=form, parsed=parsed, confirm=None, published=published
    )


@coordinator_required
def preview(kind: PublishedKind, token: str):
    published = KINDS[kind]
    pending = uploads.load_or_404(current_user.id, published.upload_kind, token)
    parsed = _parse(pending)
    if not parsed.ok:  # an area renamed since the upload: refused, and the file goes
        uploads.discard(current_user.id, published.upload_kind, token)
    return render_template(
        "promises/survey_import.html",
        form=SurveyUploadForm(),
        parsed=parsed,
        confirm=SurveyConfirmForm(),
        token=token,
        published=published,
    )


@coordinator_required
def confirm(kind: PublishedKind, token: str):
    published = KINDS[kind]
    pending = uploads.load_or_404(current_user.id, published.upload_kind, token)
    if not SurveyConfirmForm().validate_on_submit():
        return redirect(url_for(f".{published.endpoint}_preview", token=token))
    parsed = _parse(pending)
    # Refused or done, the file does not wait on the server any longer.
    uploads.discard(current_user.id, published.upload_kind, token)
    if not parsed.ok:
        flash("Filen kunde inte läsas in. Ladda upp den igen.", "error")
        return redirect(url_for(f".{published.endpoint}_upload"))
    outcome = import_survey(db.session, parsed.rows, pending["filename"], kind=published.kind)
    db.session.commit()
    flash(
        f"{published.imported}: {outcome.created} nya värden, {outcome.updated} uppdaterade, "
        f"{outcome.unchanged} oförändrade.",
        "success",
    )
    years = [row.year for row in parsed.rows]
    return redirect(url_for(f".{published.endpoint}", fran=min(years), till=max(years)))


@coordinator_required
def cancel(kind: PublishedKind, token: str):
    published = KINDS[kind]
    uploads.load_or_404(current_user.id, published.upload_kind, token)
    if SurveyConfirmForm().validate_on_submit():  # the CSRF token: no other site can cancel for the user
        uploads.discard(current_user.id, published.upload_kind, token)
        flash("Inläsningen avbröts och filen är borttagen från servern.", "success")
    return redirect(url_for(f".{published.endpoint}_upload"))
