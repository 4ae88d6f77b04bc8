"""Utlämnande: the coordinator makes a disclosure file of a period or of one observation."""

from flask import Response, abort, render_template, request

from lagesbild import periods
from lagesbild.auth.decorators import coordinator_required
from lagesbild.extensions import db
from lagesbild.models import Observation

from . import disclosure, operations, queries
from .forms import FORMATS, DisclosureForm


@coordinator_required
def period():
    form = DisclosureForm.from_args(request.args, periods.today_local())
    if not request.args or not form.validate():
        return render_template("records/disclosure.html", form=form)
    start, end = form.start.data, form.end.data
    observations = queries.disclosed(db.session, start, end)
    operations.record_disclosure(form.format.data, len(observations), start=start, end=end)
    db.session.commit()
    return _file(
        form.format.data,
        observations,
        title=f"Iakttagelser {periods.format_date(start)} – {periods.format_date(end)}",
        name=f"utlamnande-{start.isoformat()}-{end.isoformat()}",
    )


@coordinator_required
def one(observation_id: int):
    kind = request.args.get("format", "html")
    observation = queries.disclosed_one(db.session, observation_id)
    if observation is None or kind not in FORMATS:
        abort(404)
    operations.record_disclosure(kind, 1, observation=observation)
    db.session.commit()
    return _file(kind, [observation], title=f"Iakttagelse nr {observation.id}",
                 name=f"utlamnande-iakttagelse-{observation.id}")  # fmt: skip


def _file(kind: str, observations: list[Observation], title: str, name: str) -> Response:
    table = disclosure.rows(observations)
    if kind == "csv":
        body = disclosure.csv_bytes(table)
    else:
        body = render_template(
            "records/disclosure_file.html",
            title=title,
            table=table,
            headings=disclosure.HEADINGS,
            left_out=disclosure.LEFT_OUT,
            checklist=disclosure.CHECKLIST,
            made_on=periods.today_local(),
        ).encode("utf-8")
    response = Response(body, mimetype=FORMATS[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    response.headers["Cache-Control"] = "no-store"
    return response
