from flask import Blueprint

bp = Blueprint("observations", __name__)
