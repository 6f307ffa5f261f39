from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from meldwijzer.accounts.models import User


class MeldwijzerBackend(ModelBackend):
    """Username/password login that refuses demo accounts where demo is not allowed."""

    def user_can_authenticate(self, user: User | AnonymousUser | None) -> bool:
        if getattr(user, "is_demo", False) and not settings.MELDWIJZER_DEMO_TOEGESTAAN:
            return False
        return super().user_can_authenticate(user)
