from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from meldwijzer.gedeeld import rijen

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from meldwijzer.accounts.models import User


class MeldwijzerBackend(ModelBackend):
    """Username/password login that refuses demo accounts where demo is not allowed."""

    def get_user(self, user_id: Any) -> Any:
        """The session's user, read by a fixed statement (every request of a logged-in user
        asks; gedeeld.rijen), then checked as Django checks it: an inactive or refused account
        gives no user."""
        from meldwijzer.accounts.models import User

        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        gevonden = rijen.lees(User, "id = %s", [pk], volgorde="id", limiet=1)
        if not gevonden:
            return None
        user = gevonden[0]
        return user if self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user: User | AnonymousUser | None) -> bool:
        if getattr(user, "is_demo", False) and not settings.MELDWIJZER_DEMO_TOEGESTAAN:
            return False
        return super().user_can_authenticate(user)
