from flask import Blueprint

bp = Blueprint("problembild", __name__)
