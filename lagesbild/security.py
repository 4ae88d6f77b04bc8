"""Response headers: a per-request CSP nonce and the usual hardening headers."""

import secrets

from flask import Flask, g, request


def csp_nonce() -> str:
    """Return this request's nonce for inline <script> and <style> tags."""
    return g.setdefault("csp_nonce", secrets.token_urlsafe(18))


def _content_security_policy(nonce: str, tile_origin: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            # Leaflet positions map panes with inline style attributes.
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: {tile_origin}".strip(),
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


def _origin_of(url: str) -> str:
    """Return scheme://host of a tile URL template, with {s} subdomains as a wildcard."""
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0].replace("{s}", "*")
    return f"{scheme}://{host}" if scheme and host else ""


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def _set_headers(response):
        tile_origin = _origin_of(app.config["TILE_URL"])
        response.headers["Content-Security-Policy"] = _content_security_policy(csp_nonce(), tile_origin)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self)"
        # Pages, JSON and downloads carry observation details, invite links or recovery codes: no
        # browser or proxy may keep a copy. Only the app's own scripts and styles may be cached.
        cacheable = request.endpoint in ("static", "vendor") and response.mimetype != "text/html"
        if not cacheable and "no-store" not in response.headers.get("Cache-Control", ""):
            response.headers["Cache-Control"] = "no-store"
        if app.config["SESSION_COOKIE_SECURE"]:
            # Served over HTTPS (the cookie says so): browsers should never try plain HTTP again.
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response
