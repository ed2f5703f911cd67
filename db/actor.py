"""Who is acting, and what each role may do. Services and queries ask this, not the UI."""
from __future__ import annotations

from dataclasses import dataclass

from domain.errors import PermissionDenied

ADMIN, COORDINATOR, VIEWER = "admin", "coordinator", "viewer"
SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    username: str
    role: str
    name: str = ""

    @property
    def sees_personal_data(self) -> bool:
        """Coordinators and admins see names and phones; viewers see aggregates only."""
        return self.role in (ADMIN, COORDINATOR)

    @property
    def can_enter_data(self) -> bool:
        return self.role in (ADMIN, COORDINATOR)

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


SEED_ACTOR = Actor(username=SYSTEM, role=ADMIN, name="Demo data loader")


def require_role(actor: Actor, *roles: str) -> None:
    """Refuse the call unless the actor holds one of `roles`."""
    if actor.role not in roles:
        raise PermissionDenied(f"{actor.username} ({actor.role}) may not do this; needs {' or '.join(roles)}")
