"""Authorization in one place: role decorators used by every view."""

from functools import wraps

from flask import abort
from flask_login import current_user

from lagesbild.extensions import login_manager
from lagesbild.models import Role


def role_required(role: Role):
    """Let through signed-in users whose role is at least `role`; others get login or 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_role = role
        return wrapped

    return decorator


member_required = role_required(Role.MEMBER)
chair_required = role_required(Role.CHAIR)
coordinator_required = role_required(Role.COORDINATOR)
