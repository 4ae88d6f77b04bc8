"""Authorization in one place: role decorators used by every view."""

from functools import wraps

from flask import abort
from flask_login import current_user

from lagesbild.extensions import login_manager
from lagesbild.models import Role


def role_required(role: Role, steering: bool = False):
    """Let through signed-in users whose role is at least `role`; others get login or 403.

    `steering`: the styrgrupp (read-only, outside the member–chair–coordinator ladder) also gets through.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not (current_user.has_role(role) or (steering and current_user.is_steering)):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_role = role
        wrapped.steering = steering
        return wrapped

    return decorator


member_required = role_required(Role.MEMBER)
chair_required = role_required(Role.CHAIR)
coordinator_required = role_required(Role.COORDINATOR)
# The pages the steering group reads (docs/access.md): the agreement, the promises, the follow-up, the
# public problembild and the public åtgärdsplan — never observation details, the week page or member lists.
member_or_steering_required = role_required(Role.MEMBER, steering=True)
chair_or_steering_required = role_required(Role.CHAIR, steering=True)
