"""What a new username may be (docs/security.md § 2, "Gebruikersnamen").

A username is shown to colleagues, in the logboek and in exports, so it must not carry markup
and must not pass for someone else's: lowercase ASCII letters and digits, with ``.``, ``-``,
``_`` and ``@`` inside (an e-mail address works), 3 to 150 characters. A new name is also
refused when it *looks like* an existing one: both reduced to a skeleton (case, accents and
look-alike letters from other scripts folded away, ``0``→``o``, ``1``/``i``→``l``, ``rn``→``m``,
``vv``→``w``, and the separators dropped) must differ. One function every creation path calls:
the beheer service (the web form), the command line, and single sign-on at a first login (its
names are derived from a hash of the provider's identifiers, ``accounts.sso``). The forms
Meldwijzer gives its own accounts (``sso-…``, ``overdracht-…``, ``synth-…``) are reserved: nobody
makes an account by hand under a name a later SSO login or transfer would take for its own.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import User

PATROON = re.compile(r"[a-z0-9](?:[a-z0-9._@-]*[a-z0-9])?")
MINIMAAL, MAXIMAAL = 3, 150
# Made by Meldwijzer itself: SSO (accounts.sso), transfers (dossier.services.transfer), generated
# data (synthetisch).
GERESERVEERD = re.compile(r"(sso|overdracht|synth)[._@-]")

# Letters of other scripts that look like Latin ones (Cyrillic, Greek), and Latin look-alikes.
_GELIJKENDE = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "l", "ї": "l", "ј": "j",
        "ѕ": "s", "ԁ": "d", "ɡ": "g", "ո": "n", "ս": "u", "α": "a", "β": "b", "ε": "e",
        "ι": "l", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
        "0": "o", "1": "l", "i": "l", "|": "l", "5": "s", "$": "s",
    }
)  # fmt: skip
_SCHEIDERS = re.compile(r"[._@\-\s]+")


def skelet(naam: str) -> str:
    """The form two names share when a reader could take one for the other."""
    tekst = unicodedata.normalize("NFKD", naam).casefold()
    tekst = "".join(t for t in tekst if not unicodedata.combining(t))
    tekst = tekst.translate(_GELIJKENDE)
    tekst = _SCHEIDERS.sub("", tekst)
    return tekst.replace("rn", "m").replace("vv", "w")


def controleer_nieuwe_gebruikersnaam(naam: str, *, door_meldwijzer: bool = False) -> str:
    """The name to store (trimmed, lowercase), or a ``ValidationError`` that says what to change.

    ``door_meldwijzer``: a name Meldwijzer derives itself (SSO), which may have a reserved form.
    """
    naam = (naam or "").strip().lower()
    if not naam:
        raise ValidationError(_("Vul een gebruikersnaam in."))
    if not MINIMAAL <= len(naam) <= MAXIMAAL:
        raise ValidationError(
            _("Een gebruikersnaam heeft %(min)s tot %(max)s tekens.")
            % {"min": MINIMAAL, "max": MAXIMAAL}
        )
    if not PATROON.fullmatch(naam):
        raise ValidationError(
            _(
                "Gebruik in een gebruikersnaam alleen letters a–z, cijfers en . - _ @ (niet aan "
                "het begin of eind), zonder spaties, accenten of tekens als < en >."
            )
        )
    if not door_meldwijzer and GERESERVEERD.match(naam):
        raise ValidationError(
            _(
                "Namen die beginnen met sso-, overdracht- of synth- maakt Meldwijzer zelf; kies "
                "een naam met een ander begin."
            )
        )
    if User.objects.filter(username__iexact=naam).exists():
        raise ValidationError(_("Deze gebruikersnaam is al in gebruik; kies een andere."))
    eigen = skelet(naam)
    for bestaand in User.objects.values_list("username", flat=True).iterator(chunk_size=5000):
        if skelet(bestaand) == eigen:
            raise ValidationError(
                _(
                    "Deze gebruikersnaam lijkt te veel op de bestaande naam %(naam)s en zou "
                    "ermee verward kunnen worden; kies een duidelijk andere."
                )
                % {"naam": bestaand}
            )
    return naam
