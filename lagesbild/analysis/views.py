"""The analysis beside the problembild: the chair and the coordinator read it, the coordinator writes it.

It works from the internal problembild (restricted counts, places), so it has the problembild's readers.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lagesbild.auth.decorators import chair_required, coordinator_required
from lagesbild.extensions import db
from lagesbild.inputs import year_arg
from lagesbild.models import AnalysisDraft, Role

from . import operations, queries
from .content import SECTIONS, Content, Problem, changed_parts, from_json
from .forms import AnalysisForm


def _options(ranked: list[queries.Ranked], current: Content | None) -> dict[str, Problem]:
    """The problems to choose from: the Underlag ranking, and the ones the analysis already prioritises."""
    options = {r.key: Problem(0, r.category, r.area, r.n, r.change) for r in ranked}
    for problem in current.problems if current else ():
        options.setdefault(problem.label, problem)
    return options


def _initial(current: Content | None) -> dict:
    if current is None:
        return {}
    problems = [
        {
            "problem": p.label,
            "reasoning": p.reasoning,
            "place": p.place,
            "victims": p.victims,
            "offenders": p.offenders,
        }
        for p in current.problems
    ]
    return {**current.sections, "problems": problems}


def _content(form: AnalysisForm, options: dict[str, Problem]) -> Content:
    problems = []
    for entry in form.problems:
        data = entry.form
        if not data.problem.data:
            continue
        chosen = options[data.problem.data]
        problems.append(
            Problem(
                rank=len(problems) + 1,
                category=chosen.category,
                area=chosen.area,
                n=chosen.n,
                change=chosen.change,
                reasoning=(data.reasoning.data or "").strip(),
                place=(data.place.data or "").strip(),
                victims=(data.victims.data or "").strip(),
                offenders=(data.offenders.data or "").strip(),
            )
        )
    return Content({key: (form[key].data or "").strip() for key, _ in SECTIONS}, tuple(problems))


def _render(year: int, drafts: list[AnalysisDraft], form: AnalysisForm | None, ranked):
    current = from_json(drafts[0].content) if drafts else None
    history = []
    for draft, older in zip(drafts, [*drafts[1:], None], strict=False):
        parts = changed_parts(from_json(older.content) if older else None, from_json(draft.content))
        history.append((draft, parts))
    return render_template(
        "analysis/page.html",
        year=year,
        current=current,
        history=history,
        form=form,
        ranked=ranked,
        sections=SECTIONS,
        problembild_url=f"/problembild?from={year}-01-01&to={year}-12-31",
    )


@chair_required
def page():
    year = year_arg(request.args)
    drafts = queries.drafts(db.session, year)
    ranked = queries.underlag(db.session, year)
    form = None
    if current_user.has_role(Role.COORDINATOR):
        current = from_json(drafts[0].content) if drafts else None
        options = _options(ranked, current)
        form = AnalysisForm(formdata=None, data=_initial(current)).set_choices([(k, k) for k in options])
    return _render(year, drafts, form, ranked)


@coordinator_required
def save():
    year = year_arg(request.args)
    drafts = queries.drafts(db.session, year)
    ranked = queries.underlag(db.session, year)
    options = _options(ranked, from_json(drafts[0].content) if drafts else None)
    form = AnalysisForm().set_choices([(k, k) for k in options])
    if form.validate_on_submit():
        content = _content(form, options)
        if content.is_empty and not drafts:
            form.kartlaggning.errors.append("Skriv något i analysen innan du sparar.")
        else:
            draft = operations.save_draft(db.session, year, content, current_user)
            db.session.commit()
            flash(
                f"Analysen är sparad som version {draft.number}." if draft else "Inget har ändrats.",
                "success",
            )
            return redirect(url_for("analysis.page", ar=year))
    return _render(year, drafts, form, ranked)


@chair_required
def draft(draft_id: int):
    saved = db.session.get(AnalysisDraft, draft_id)
    if saved is None:
        abort(404)
    return render_template(
        "analysis/draft.html", draft=saved, content=from_json(saved.content), sections=SECTIONS
    )
