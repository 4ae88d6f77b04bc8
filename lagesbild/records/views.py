"""Gallring's page in the administration: the rules, what a run would remove today, the log."""

from flask import current_app, render_template

from lagesbild import periods
from lagesbild.auth.decorators import coordinator_required
from lagesbild.extensions import db

from . import queries
from .retention import KIND_LABELS, KIND_NOUNS, KIND_WORDS, RetentionConfigError, Rules


@coordinator_required
def retention():
    try:
        rules = Rules.from_config(current_app.config)
    except RetentionConfigError as error:
        return render_template(
            "records/retention.html", problem=str(error), words=KIND_WORDS, runs=queries.runs(db.session)
        )
    return render_template(
        "records/retention.html",
        plan=queries.plan(db.session, rules, periods.today_local()),
        kinds=KIND_LABELS,
        nouns=KIND_NOUNS,
        words=KIND_WORDS,
        runs=queries.runs(db.session),
    )
