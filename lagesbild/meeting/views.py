from flask import Blueprint

bp = Blueprint("meeting", __name__)
