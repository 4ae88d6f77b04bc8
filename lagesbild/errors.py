"""Error pages in Swedish, as HTML for pages and JSON for API clients."""

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError

from lagesbild.extensions import db

MESSAGES = {
    400: ("Felaktig begäran", "Begäran kunde inte behandlas. Gå tillbaka och försök igen."),
    403: ("Åtkomst nekad", "Du har inte behörighet att se den här sidan."),
    404: ("Sidan finns inte", "Sidan du söker finns inte eller har flyttats."),
    405: ("Metoden stöds inte", "Sidan kan inte användas på det sättet."),
    413: ("För stor fil", "Filen är för stor. Största tillåtna storlek är 5 MB."),
    429: ("För många försök", "Du har gjort för många försök. Vänta en minut och försök igen."),
    500: ("Något gick fel", "Ett oväntat fel inträffade. Försök igen om en stund."),
}


def wants_json() -> bool:
    """The request asks for JSON first (a page's script: autosave, drafts); a plain form post or a
    browser's navigation gets a page."""
    return request.accept_mimetypes.best == "application/json"


def render_error(code: int, message: str | None = None):
    title, default = MESSAGES.get(code, MESSAGES[500])
    body = message or default
    if wants_json():
        return {"fel": title, "meddelande": body}, code
    return render_template("errors/error.html", code=code, title=title, message=body), code


def init_app(app: Flask) -> None:
    for code in MESSAGES:
        if code == 500:
            continue
        app.register_error_handler(code, lambda error, code=code: render_error(code))

    from lagesbild.auth import csrf

    @app.errorhandler(CSRFError)
    def _csrf_error(error):
        if wants_json():  # a page's script (autosave, drafts) gets the message as JSON
            return render_error(400, csrf.MESSAGE)
        return csrf.refused_page()

    @app.errorhandler(500)
    def _server_error(error):
        db.session.rollback()
        return render_error(500)
