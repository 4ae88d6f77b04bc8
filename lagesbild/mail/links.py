"""Links in mail and calendars: built from BASE_URL, never from a request (a run has none)."""

from urllib.parse import urlsplit

from flask import current_app


def base_url() -> str | None:
    """The configured site address without a trailing slash, or None when it is not set."""
    value = str(current_app.config.get("BASE_URL") or "").strip().rstrip("/")
    return value if value.startswith(("https://", "http://")) else None


def link(endpoint: str, **values) -> str:
    """The address of `endpoint`: absolute under BASE_URL, else the bare path (read in Utskick only)."""
    base = base_url()
    if base is None:
        return current_app.url_map.bind("localhost").build(endpoint, values)
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def message_domain() -> str:
    """The domain after the @ of our Message-IDs: the site's host name."""
    base = base_url()
    return (urlsplit(base).hostname if base else None) or "lagesbild.invalid"
