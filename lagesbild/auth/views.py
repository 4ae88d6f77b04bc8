from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from lagesbild.extensions import db

from .forms import LoginForm, LogoutForm
from .operations import authenticate
from .redirects import safe_next

bp = Blueprint("auth", __name__)


@bp.route("/logga-in", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("web.start"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        db.session.commit()
        if user is not None:
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or url_for("web.start"))
        form.password.errors.append("Fel e-postadress eller lösenord.")
    return render_template("auth/login.html", form=form)


@bp.post("/logga-ut")
def logout():
    if LogoutForm().validate_on_submit():
        logout_user()
        flash("Du är utloggad.", "info")
    return redirect(url_for("auth.login"))
