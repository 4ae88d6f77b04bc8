from flask import Blueprint

bp = Blueprint("promises", __name__)
