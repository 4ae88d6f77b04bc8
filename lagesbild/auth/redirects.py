"""Open-redirect protection for ?next=."""

from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """Return `target` when it is a local path on this site, else None."""
    if not target or "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
