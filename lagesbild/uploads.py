"""One upload-preview flow for every import: upload -> preview -> confirm or cancel.

An import's checked upload waits server-side between its steps, never in the browser, so the later
steps trust nothing the browser sends back but a random token (and the import's own choices). The
pending file holds the upload's text, personal data the guard refused included, so it lives no
longer than the import needs:

- it is written only once the file could be read (a refused file is never written);
- it is owner-only: `instance/imports/` is 0700, each file 0600, named after its owner, its kind
  ("observations", "survey", ...) and the token, so one user never opens another's upload;
- a new upload of the same kind replaces the same user's earlier one;
- the import deletes it when it refuses or finishes, the cancel button when the user gives up;
- one nobody has opened for KEEP_SECONDS is deleted before the next request is served
  (remove_abandoned()); opening it starts its idle time again.

The payload is anything JSON can hold (a parsed table, or a file's bytes through `encode_bytes`).
"""

import base64
import json
import os
import re
import secrets
import time
from pathlib import Path

from flask import abort, current_app

from lagesbild.storage import FOLDER_MODE, private_folder, tighten, write_private_file

TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
KIND = re.compile(r"^[a-z]{1,20}$")
KEEP_SECONDS = 3600  # idle time after which a pending upload is deleted


def folder() -> Path:
    return Path(current_app.instance_path) / "imports"


def _path(user_id: int, kind: str, token: str) -> Path:
    if not KIND.match(kind):
        raise ValueError(f"bad upload kind {kind!r}")
    # The owner is part of the name, so finding a user's uploads never reads another's file.
    return folder() / f"u{int(user_id)}-{kind}-{token}.json"


def store(user_id: int, kind: str, payload) -> str:
    """Keep `payload` for this user and kind, replacing their earlier one; the new token."""
    token = secrets.token_urlsafe(16)
    path = _path(user_id, kind, token)
    private_folder(path.parent)
    tighten(path.parent, FOLDER_MODE)  # made by an older version with the umask's mode
    for old in path.parent.glob(f"u{int(user_id)}-{kind}-*.json"):  # refused or unfinished
        old.unlink(missing_ok=True)
    write_private_file(path, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    return token


def load(user_id: int, kind: str, token: str):
    """The payload if the token is well-formed, of this kind and this user's; None otherwise."""
    if not isinstance(token, str) or not TOKEN.match(token):
        return None
    path = _path(user_id, kind, token)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        os.utime(path)  # in use: its idle time starts again
    except FileNotFoundError:
        return None
    return payload


def load_or_404(user_id: int, kind: str, token: str):
    """A stale, foreign or made-up token is the same Swedish 404 page in every import."""
    payload = load(user_id, kind, token)
    if payload is None:
        abort(404)
    return payload


def discard(user_id: int, kind: str, token: str) -> None:
    if isinstance(token, str) and TOKEN.match(token):
        _path(user_id, kind, token).unlink(missing_ok=True)


def remove_abandoned() -> None:
    """Delete pending uploads nobody has opened for KEEP_SECONDS (cheap: one folder listing)."""
    pending = folder()
    if not pending.is_dir():
        return
    limit = time.time() - KEEP_SECONDS
    for old in pending.glob("*.json"):
        try:
            if old.stat().st_mtime < limit:
                old.unlink(missing_ok=True)
        except FileNotFoundError:
            continue  # removed by another request in between


def encode_bytes(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def decode_bytes(text: str) -> bytes:
    return base64.b64decode(text, validate=True)
