"""Recording login and account-security events (``Inloggebeurtenis``), and axes' lockouts."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.dispatch import receiver
from django.http import HttpRequest

from meldwijzer.accounts.adresrem import klantadres
from meldwijzer.accounts.models import Inloggebeurtenis, User


def ip_van(request: HttpRequest | None) -> str | None:
    """The client's address, behind reverse proxies the one they passed on (accounts.adresrem):
    the address the per-address limit counted is the one the event names."""
    if request is None:
        return None
    return klantadres(request)


def leg_inlog_vast(
    soort: str,
    *,
    request: HttpRequest | None = None,
    user: User | None = None,
    gebruikersnaam: str = "",
    **details: Any,
) -> Inloggebeurtenis:
    return Inloggebeurtenis.objects.create(
        soort=soort,
        gebruiker=user if user is not None and user.pk else None,
        gebruikersnaam=(gebruikersnaam or (user.username if user is not None else ""))[:150],
        ip_adres=ip_van(request),
        details=details or None,
    )


@receiver(user_locked_out, dispatch_uid="meldwijzer_lockout")
def bij_blokkade(
    sender: object, request: HttpRequest | None = None, username: str = "", **kwargs: Any
) -> None:
    """django-axes locked a username out: recorded, with the user where the name exists."""
    user = User.objects.filter(username=username).first() if username else None
    leg_inlog_vast(
        Inloggebeurtenis.Soort.GEBLOKKEERD, request=request, user=user, gebruikersnaam=username
    )
