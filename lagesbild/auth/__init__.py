"""Accounts and access: sign-in, server-side sessions, the second factor, roles."""

from flask import Flask

from lagesbild.extensions import login_manager
from lagesbild.models import Role

from . import sessions


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Logga in för att fortsätta."
    login_manager.login_message_category = "info"
    # The server-side session record is the protection; Flask-Login's IP/agent binding is off because
    # it drops phones that change network, and its remember-me cookie is never set.
    login_manager.session_protection = None
    login_manager.request_loader(sessions.load_user_from_request)
    app.after_request(sessions.touch_after_read)

    # Templates show menu entries by role: {% if current_user.has_role(Role.CHAIR) %}.
    app.jinja_env.globals["Role"] = Role

    @app.context_processor
    def _auth_forms():
        from .forms import LogoutForm

        # formdata=None: rendering the header must not read the request body (a 413 page is rendered
        # for a body too large to read).
        return {"logout_form": LogoutForm(formdata=None)}
