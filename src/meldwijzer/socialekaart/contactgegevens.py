"""Validation of a contact's phone number, e-mail address and web address, with Dutch messages
that say what to change (docs/sociale-kaart.md)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

_TEKENS_IN_NUMMER = re.compile(r"[\s\-().]")


def telefoon(waarde: str) -> str:
    """A Dutch number (10 digits from 0, or 0800/0900/088 service numbers of 7 to 11 digits),
    or an international one with + or 00; returns it as typed, trimmed."""
    waarde = waarde.strip()
    if not waarde:
        return ""
    cijfers = _TEKENS_IN_NUMMER.sub("", waarde)
    fout = ValidationError(
        _(
            "Vul een telefoonnummer in met alleen cijfers, spaties of streepjes, zoals "
            "030 123 45 67, 0800-2000 of +31 30 123 45 67."
        ),
        code="telefoon",
    )
    if cijfers.startswith("+"):
        cijfers = "00" + cijfers[1:]
    if not cijfers.isdigit():
        raise fout
    if cijfers.startswith("0031"):
        goed = len(cijfers) == 13 and cijfers[4] != "0"
    elif cijfers.startswith("00"):
        goed = 10 <= len(cijfers) <= 17
    elif cijfers.startswith(("0800", "0900", "0906", "0909")):
        goed = 8 <= len(cijfers) <= 11
    elif cijfers.startswith("0"):
        goed = len(cijfers) == 10
    else:
        goed = False
    if not goed:
        raise fout
    return waarde


def email(waarde: str) -> str:
    waarde = waarde.strip()
    if not waarde:
        return ""
    try:
        EmailValidator()(waarde)
    except ValidationError:
        raise ValidationError(
            _("Vul een geldig e-mailadres in, zoals advies@veiligthuis.nl."), code="email"
        ) from None
    return waarde


def webadres(waarde: str) -> str:
    """An http(s) address; one typed without scheme gets https:// in front."""
    waarde = waarde.strip()
    if not waarde:
        return ""
    if "://" not in waarde:
        waarde = "https://" + waarde
    try:
        URLValidator(schemes=["http", "https"])(waarde)
    except ValidationError:
        raise ValidationError(
            _(
                "Vul een geldig webadres in, zoals https://www.veiligthuis.nl; alleen adressen "
                "met http:// of https:// zijn mogelijk."
            ),
            code="webadres",
        ) from None
    return waarde
