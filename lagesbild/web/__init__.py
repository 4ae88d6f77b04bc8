"""The start page, template helpers and the navigation every page shares."""

from flask import Flask

from lagesbild import periods


def init_app(app: Flask) -> None:
    app.jinja_env.globals["week_label"] = periods.week_label
