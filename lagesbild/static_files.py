"""The app's scripts and styles, and the map libraries' files, with their content's hash in the URL.

Without it a browser asked again for every script and style of every page (a conditional request
answered "not modified"): five to ten round trips a page, on a phone in the meeting room's network.
`url_for("static", …)` and `url_for("vendor", …)` now add `?v=<hash>`, and an answer to a URL whose
hash is the file's may be kept for a year: a changed file gets a new URL. A URL without the hash, or
with another one, is answered as before (the browser asks again each time).
"""

import functools
import hashlib
import os
import stat

from flask import Flask, request
from werkzeug.security import safe_join

from lagesbild.maps import vendor_path

VERSION_ARG = "v"
A_YEAR = 365 * 24 * 60 * 60


@functools.lru_cache(maxsize=256)
def _content_hash(path: str, modified_ns: int, size: int) -> str:
    """The hash of a file's content; keyed by its modification time and size, so read once per change."""
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:16]


def version_of(path: str | None) -> str | None:
    """The version of the file at `path` for its URL, or None if there is no such file."""
    if path is None:
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return _content_hash(path, found.st_mtime_ns, found.st_size)


def init_app(app: Flask) -> None:
    def file_of(endpoint: str | None, values: dict | None) -> str | None:
        values = values or {}
        if endpoint == "static":
            return safe_join(app.static_folder, values.get("filename", ""))
        if endpoint == "vendor":
            return vendor_path(values.get("package", ""), values.get("filename", ""))
        return None

    @app.url_defaults
    def _add_version(endpoint: str, values: dict) -> None:
        if endpoint in ("static", "vendor") and VERSION_ARG not in values:
            version = version_of(file_of(endpoint, values))
            if version is not None:
                values[VERSION_ARG] = version

    @app.after_request
    def _keep_versioned_files(response):
        asked = request.args.get(VERSION_ARG)
        if (
            asked
            and response.status_code in (200, 304)
            and asked == version_of(file_of(request.endpoint, request.view_args))
        ):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = A_YEAR
            response.cache_control.immutable = True
        return response
