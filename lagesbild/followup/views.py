"""The yearly follow-up: the chair and the coordinator read it and download it (DOCX or printable HTML);
the coordinator writes the evaluation of each promise and measure."""

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lagesbild import periods
from lagesbild.auth.decorators import chair_or_steering_required, coordinator_required
from lagesbild.extensions import db
from lagesbild.inputs import ascii_int
from lagesbild.models import Measure, MeasureOutcome, Promise, Role

from . import queries
from .document import build_followup
from .forms import EvaluationForm
from .operations import save_evaluation

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _year() -> int:
    year = ascii_int(request.args.get("ar"))
    return year if year is not None and 2000 <= year <= 2100 else periods.today_local().year


def _document(year: int, public: bool = False):
    return build_followup(
        db.session,
        year,
        periods.today_local(),
        public=public,
        min_count=current_app.config["PUBLIC_MIN_COUNT"],
    )


def _public() -> bool:
    return request.args.get("variant") == "offentlig"


@chair_or_steering_required
def page():
    year = _year()
    document = _document(year)
    subjects = queries.subjects(db.session, year) if current_user.has_role(Role.COORDINATOR) else None
    return render_template("followup/page.html", year=year, plan=document, subjects=subjects)


def _filename(year: int, public: bool, suffix: str) -> str:
    return f"uppfoljning-{year}{'-offentlig' if public else ''}.{suffix}"


@chair_or_steering_required
def docx_file():
    from lagesbild.plan.docx_writer import write_docx  # python-docx: loaded only to write a DOCX

    year, public = _year(), _public()
    response = Response(write_docx(_document(year, public)), mimetype=DOCX)
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename(year, public, "docx")}"'
    return response


@chair_or_steering_required
def html_file():
    year, public = _year(), _public()
    html = render_template("followup/document.html", plan=_document(year, public))
    response = Response(html, mimetype="text/html")
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename(year, public, "html")}"'
    return response


def _evaluate(subject: Promise | Measure, anchor: str):
    is_promise = isinstance(subject, Promise)
    existing = queries.evaluation_of(db.session, subject)
    stored = (
        {"text": existing.text, "outcome": existing.outcome and existing.outcome.value} if existing else {}
    )
    form = (EvaluationForm.for_promise if is_promise else EvaluationForm)(data=stored)
    if form.validate_on_submit():
        outcome = None if is_promise else MeasureOutcome(form.outcome.data)
        save_evaluation(db.session, subject, form.text.data, current_user, outcome)
        db.session.commit()
        flash("Utvärderingen är sparad.", "success")
        return redirect(url_for("followup.page", ar=subject.year, _anchor=anchor))
    return render_template("followup/evaluation.html", subject=subject, is_promise=is_promise, form=form)


@coordinator_required
def evaluate_promise(promise_id: int):
    promise = db.session.get(Promise, promise_id)
    if promise is None or not promise.is_active:
        abort(404)
    return _evaluate(promise, "medborgarloften")


@coordinator_required
def evaluate_measure(measure_id: int):
    measure = db.session.get(Measure, measure_id)
    if measure is None or not measure.is_active:
        abort(404)
    return _evaluate(measure, "atgarder")
