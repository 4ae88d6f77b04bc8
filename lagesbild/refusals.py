"""A change an operation refuses, and how a view shows it: one shape for every capability.

An operation raises RefusedChange with the Swedish message and, where the refusal concerns one input,
the form field; the view puts the message beside that field (so everything typed stays in the form),
or at the top of the page when the field is not on the form.
"""

from flask import flash


class RefusedChange(Exception):
    """A refused change: the Swedish message and the form field it belongs beside."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def show_refusal(form, error: RefusedChange) -> None:
    """Put a refused change's message beside its field, or at the top when it has none."""
    if error.field and error.field in form:
        form[error.field].errors.append(error.message)
    else:
        flash(error.message, "error")
