"""Load Eslöv's areas, places and the two-level taxonomy: the bundled reference set without its
organisations (the demo brings its own, marked as demo).

The facts come from the shared gazetteer and taxonomy (sources kept in the `source` column); the files
are the set `setup --reference eslov` loads (lagesbild/reference_admin/sets.py). Loading is idempotent:
existing rows (matched by name or code) are updated, never deleted.
"""

from dataclasses import replace

from sqlalchemy.orm import Session

from lagesbild.reference_admin.loading import load_set
from lagesbild.reference_admin.sets import bundled


def load_reference(session: Session) -> dict[str, int]:
    """Upsert areas, places and categories; return how many of each the files hold."""
    # The demo keeps the configured meeting weekday (MEETING_WEEKDAY): nothing stored for it.
    reference = replace(bundled("eslov"), organisations=[], meeting=None)
    load_set(session, reference, update=True, audit=False)
    return {
        "areas": len(reference.areas),
        "places": len(reference.places),
        "categories": len(reference.categories),
    }
