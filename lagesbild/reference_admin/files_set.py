"""Reference files uploaded in the administration: the same parser and loader as `reference import`.

Between the upload and the confirmation the files wait in lagesbild/uploads.py's pending store; the
preview is a dry run (load, list, roll back) and the confirmation loads them again from the bytes,
checking them again against the database as it is then.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from lagesbild import uploads
from lagesbild.audit import record
from lagesbild.meeting_day import forget
from lagesbild.models import Area, Category, Installation, demo_row_count

from . import install
from .loading import Changes, load_set
from .sets import ReferenceSet, parse_set


def parse(session: Session, files: dict[str, bytes]) -> ReferenceSet:
    """Parse uploaded files (ReferenceSetError with line-level Swedish messages when refused)."""
    return parse_set(
        "uppladdad",
        files,
        known_areas=set(session.scalars(select(Area.name))),
        known_codes=set(session.scalars(select(Category.code))),
    )


def encode(files: dict[str, bytes]) -> dict[str, str]:
    return {name: uploads.encode_bytes(data) for name, data in files.items()}


def decode(pending: dict[str, str]) -> dict[str, bytes]:
    return {name: uploads.decode_bytes(text) for name, text in pending.items()}


def dry_run(session: Session, files: dict[str, bytes]) -> Changes:
    """What loading the files would change; nothing is kept."""
    try:
        return load_set(session, parse(session, files), update=True, audit=False)
    finally:
        session.rollback()
        forget()  # the meeting day the dry run set is not the stored one


def load(session: Session, files: dict[str, bytes]) -> Changes:
    """Load the files (add and update, never delete), audited; the caller commits."""
    reference = parse(session, files)
    if Installation.current(session) is None and not demo_row_count(session):
        install.mark_real(session, reference.name)
    changes = load_set(session, reference, update=True)
    record(
        "reference.import",
        detail={"set": "uppladdad", "added": {k: len(v) for k, v in changes.added.items()}},
    )
    return changes
