from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from meldwijzer.accounts.selectors import actief_lidmaatschap

SESSIE_SLEUTEL = "meldwijzer_organisatie"


class MembershipMiddleware:
    """Puts the user's active membership (organisation and role) on ``request.membership``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = None
        if request.user.is_authenticated:
            membership = actief_lidmaatschap(request.user, request.session.get(SESSIE_SLEUTEL))
        request.membership = membership  # type: ignore[attr-defined]
        return self.get_response(request)
