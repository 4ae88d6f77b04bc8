"""The yearly follow-up: the chair and the coordinator read it and download it (DOCX or printable HTML);
the coordinator writes the evaluation of each promise and measure."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lagesbild import periods
from lagesbild.auth.decorators import chair_or_steering_required, coordinator_required
from lagesbild.extensions import db
from lagesbild.inputs import year_arg
from lagesbild.models import Measure, MeasureOutcome, Promise, Role
from lagesbild.plan.download import docx_attachment, html_attachment, public_requested

from . import queries
from .document import build_followup
from .forms import EvaluationForm
from .operations import save_evaluation


def _document(year: int, public: bool = False):
    return build_followup(
        db.session,
        year,
        periods.today_local(),
        public=public,
        min_count=current_app.config["PUBLIC_MIN_COUNT"],
    )


@chair_or_steering_required
def page():
    year = year_arg(request.args)
    document = _document(year)
    subjects = queries.subjects(db.session, year) if current_user.has_role(Role.COORDINATOR) else None
    return render_template("followup/page.html", year=year, plan=document, subjects=subjects)


@chair_or_steering_required
def docx_file():
    year, public = year_arg(request.args), public_requested()
    return docx_attachment(_document(year, public), "uppfoljning", year, public)


@chair_or_steering_required
def html_file():
    year, public = year_arg(request.args), public_requested()
    return html_attachment("followup/document.html", _document(year, public), "uppfoljning", year, public)


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


def _active_or_404(model: type[Promise] | type[Measure], subject_id: int) -> Promise | Measure:
    """Only what is still in the plan is evaluated: a deactivated promise or measure is 404."""
    subject = db.session.get(model, subject_id)
    if subject is None or not subject.is_active:
        abort(404)
    return subject


@coordinator_required
def evaluate_promise(promise_id: int):
    return _evaluate(_active_or_404(Promise, promise_id), "medborgarloften")


@coordinator_required
def evaluate_measure(measure_id: int):
    return _evaluate(_active_or_404(Measure, measure_id), "atgarder")
