"""Two-factor login: a TOTP app (django-otp) and single-use recovery codes, for every role.

There is no setting, role or account flag that skips the second factor: a session counts as
logged in only once ``django_otp.login`` has recorded the device that verified it, and
``SessieMiddleware`` ends any session that is authenticated without one.
"""

from __future__ import annotations

import io
import re
from base64 import b32decode, b32encode

from django.db import transaction
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from meldwijzer.accounts.models import HerstelcodeApparaat, User

TOTP_NAAM = "Authenticator-app"
HERSTEL_NAAM = "Herstelcodes"


def totp_apparaat(user: User, *, bevestigd: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=bevestigd).order_by("pk").first()


def heeft_tweestaps(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def nieuw_totp_apparaat(user: User) -> TOTPDevice:
    """The device being set up (unconfirmed): the same one until it is confirmed."""
    bestaand = totp_apparaat(user, bevestigd=False)
    if bestaand is not None:
        return bestaand
    return TOTPDevice.objects.create(user=user, name=TOTP_NAAM, confirmed=False)


def geheim(apparaat: TOTPDevice) -> str:
    """The secret as authenticator apps want it typed in: base32, without padding."""
    return b32encode(apparaat.bin_key).decode("ascii").rstrip("=")


def geheim_in_groepen(apparaat: TOTPDevice) -> str:
    tekst = geheim(apparaat)
    return " ".join(tekst[i : i + 4] for i in range(0, len(tekst), 4))


def code_voor(geheim_base32: str, *, moment: float | None = None) -> str:
    """The code for a base32 secret now (or at ``moment``): for demo walks and tests."""
    schoon = geheim_base32.replace(" ", "").upper()
    berekening = TOTP(b32decode(schoon + "=" * (-len(schoon) % 8)))
    if moment is not None:
        berekening.time = moment
    return f"{berekening.token():06d}"


def qr_svg(apparaat: TOTPDevice) -> str:
    """The otpauth URL as an inline SVG QR code (no script, no inline style: fine under CSP)."""
    # Imported here, not at the top: qrcode brings Pillow (~8 MB per web worker), and only
    # setting up an authenticator app draws a QR code (docs/performance.md).
    import qrcode
    import qrcode.image.svg

    afbeelding = qrcode.make(
        apparaat.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2
    )
    uit = io.BytesIO()
    afbeelding.save(uit)
    svg = uit.getvalue().decode("utf-8")
    svg = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg)
    return svg.replace("<svg ", '<svg class="qr" role="img" aria-hidden="true" ', 1)


def qr_tekst(apparaat: TOTPDevice, *, tty: bool = False) -> str:
    """The QR code drawn with block characters, for a terminal (the demo command)."""
    import qrcode

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_L)
    code.add_data(apparaat.config_url)
    uit = io.StringIO()
    if tty:
        uit.isatty = lambda: True  # type: ignore[method-assign]
    code.print_ascii(out=uit, tty=tty, invert=not tty)
    return uit.getvalue()


def herstel_apparaat(user: User) -> HerstelcodeApparaat:
    apparaat, _ = HerstelcodeApparaat.objects.get_or_create(
        user=user, defaults={"name": HERSTEL_NAAM, "confirmed": True}
    )
    return apparaat


@transaction.atomic
def bevestig_totp(apparaat: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app being set up with its first code; returns new recovery codes, or None."""
    vast = TOTPDevice.objects.select_for_update().get(pk=apparaat.pk)
    if vast.confirmed or not vast.verify_token(_cijfers(code)):
        return None
    vast.confirmed = True
    vast.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user_id=vast.user_id).exclude(pk=vast.pk).delete()
    return herstel_apparaat(vast.user).vervang_codes()


def vernieuw_herstelcodes(user: User) -> list[str]:
    return herstel_apparaat(user).vervang_codes()


def _cijfers(code: str) -> str:
    return "".join(t for t in (code or "") if t.isdigit())


@transaction.atomic
def controleer_tweede_factor(user: User, code: str) -> Device | None:
    """The device that accepts this code: the app (six digits) or an unused recovery code.

    A TOTP code is accepted once: django-otp remembers the last time step used (``last_t``), so a
    code seen over someone's shoulder or replayed is refused. Each device throttles failures.
    """
    if not (code or "").strip():
        return None
    schoon = _cijfers(code)
    if len(schoon) == 6 and schoon == (code or "").replace(" ", ""):
        for apparaat in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if apparaat.verify_token(schoon):
                return apparaat
        return None
    for herstel in HerstelcodeApparaat.objects.select_for_update().filter(
        user=user, confirmed=True
    ):
        if herstel.verify_token(code):
            return herstel
    return None


@transaction.atomic
def reset_tweestaps(user: User) -> None:
    """Remove app and recovery codes: the next login sets up two factors anew. Ends sessions."""
    TOTPDevice.objects.filter(user=user).delete()
    HerstelcodeApparaat.objects.filter(user=user).delete()
    beeindig_sessies(user)


def beeindig_sessies(user: User) -> None:
    """End every open session of this user, server-side, at its next request."""
    User.objects.filter(pk=user.pk).update(sessie_versie=user.sessie_versie + 1)
    user.sessie_versie += 1
