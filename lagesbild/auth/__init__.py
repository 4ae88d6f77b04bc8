"""Accounts and access: sign-in, sessions, roles."""

from flask import Flask

from lagesbild.extensions import db, login_manager
from lagesbild.models import User


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Logga in för att fortsätta."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def _load_user(user_id: str):
        user = db.session.get(User, int(user_id))
        return user if user is not None and user.is_active else None

    @app.context_processor
    def _auth_forms():
        from .forms import LogoutForm

        return {"logout_form": LogoutForm()}
