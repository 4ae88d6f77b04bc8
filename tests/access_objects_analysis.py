"""Access-matrix placeholders for the analysis: {analysis_draft.any} is a saved draft of 2025."""

from lagesbild.analysis.content import Content, to_json
from lagesbild.extensions import db
from lagesbild.models import AnalysisDraft

from .access_objects import World, placeholder


@placeholder("analysis_draft.any")
def _any_draft(world: World):
    draft = AnalysisDraft(
        year=2025,
        number=1,
        content=to_json(Content({"kartlaggning": "Klotter ökar."})),
        author_id=world.coordinator.id,
    )
    db.session.add(draft)
    db.session.commit()
    return draft.id
