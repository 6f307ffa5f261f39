"""Test helpers for logging in with both factors (used by the app tests and the browser walks).

Not a way around two factors: it does in a test client what the login pages do after a correct
password and code, for a user with a confirmed TOTP device.
"""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from meldwijzer.accounts.models import User
from meldwijzer.accounts.tweestaps import TOTP_NAAM, code_voor, geheim, totp_apparaat


def totp_voor(user: User) -> TOTPDevice:
    """The user's confirmed TOTP device, created when missing."""
    return totp_apparaat(user) or TOTPDevice.objects.create(
        user=user, name=TOTP_NAAM, confirmed=True
    )


def huidige_code(user: User, *, moment: float | None = None) -> str:
    return code_voor(geheim(totp_voor(user)), moment=moment)


def meld_aan(client: Client, user: User) -> Client:
    """Log ``client`` in as ``user`` with both factors (a verified TOTP device in the session)."""
    user = User.objects.get(pk=user.pk)  # current sessie_versie and password hash
    apparaat = totp_voor(user)
    client.force_login(user)
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
    sessie.save()
    return client
