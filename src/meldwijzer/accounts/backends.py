from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class MeldwijzerBackend(ModelBackend):
    """Username/password login that refuses demo accounts where demo is not allowed."""

    def user_can_authenticate(self, user: object) -> bool:
        if getattr(user, "is_demo", False) and not settings.MELDWIJZER_DEMO_TOEGESTAAN:
            return False
        return super().user_can_authenticate(user)
