from flask import redirect, render_template, url_for
from flask_login import current_user

from lagesbild import periods
from lagesbild.auth.decorators import member_or_steering_required
from lagesbild.meeting_day import meeting_weekday


def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for("web.start"))


@member_or_steering_required
def start():
    period = periods.period_containing(periods.today_local(), meeting_weekday())
    return render_template("web/start.html", period=period)


def health():
    """Liveness probe for the WSGI server and monitoring."""
    return {"status": "ok"}
