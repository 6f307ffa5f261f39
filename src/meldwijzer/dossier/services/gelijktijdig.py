"""Optimistic concurrency per part of a casus: nobody silently overwrites, nobody starves.

Every write raises ``Casus.versie`` and notes, per part it changes, at which version it did so
(``Casus.onderdeelversies``); a form carries the version it was opened with. A save conflicts
only when the part it works on changed since then (docs/adr/0013): a new signaal never conflicts
with another new signaal, a new version of the hulpplan does conflict with one saved meanwhile.
What builds on the whole dossier (a besluit of stap 5, a melding, an evaluation, closing) is
refused once for any change, and goes through once the person has seen what changed, unless its
own part changed again. The refusal says what changed; the form keeps the input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meldwijzer import datumtekst
from meldwijzer.dossier import gebeurtenissen

if TYPE_CHECKING:
    from meldwijzer.dossier.models import Casus

# The parts a write can change. A key may name one record: ``kindcheck:<betrokkene id>``.
ALLES = "*"  # a change of no named part (an import, a migrated casus): conflicts with any form
TRAJECT = "traject"  # closing, reopening, another framework version: the ronde itself
BESLUIT = "besluit"  # the answers of stap 5, the besluiten and the melding that follows
HULPPLAN = "hulpplan"
EIGENAAR = "eigenaar"


def onderdeel_kindcheck(betrokkene_id: int | None) -> str:
    return f"kindcheck:{betrokkene_id}"


def onderdeel_melding(melding_id: int | None) -> str:
    return f"melding:{melding_id}"


def onderdeel_item(soort: str, item_id: int | None) -> str:
    """One recorded item, for its correction or withdrawal (services.correcties)."""
    return f"item:{soort}:{item_id}"


def onderdeel_deling(user_id: int | None) -> str:
    return f"deling:{user_id}"


NAMEN = {
    ALLES: gettext_lazy("de casus"),
    TRAJECT: gettext_lazy("het traject (afgesloten, heropend of naar een andere kaderversie)"),
    BESLUIT: gettext_lazy("de afwegingen en het besluit van stap 5"),
    HULPPLAN: gettext_lazy("het hulpplan"),
    EIGENAAR: gettext_lazy("de eigenaar van de casus"),
    "kindcheck": gettext_lazy("de Kindcheck van deze betrokkene"),
    "melding": gettext_lazy("deze melding bij Veilig Thuis"),
    "deling": gettext_lazy("het delen met deze collega"),
    "item": gettext_lazy("dit vastgelegde gegeven"),
}


def naam(sleutel: str) -> str:
    return str(NAMEN.get(sleutel.split(":", 1)[0], NAMEN[ALLES]))


@dataclass(frozen=True)
class Onderdeel:
    """The part of a casus one write works on.

    ``raakt``: what it changes — a form on the same part, opened before, then conflicts.
    ``leest``: what else it builds on. ``beslissing``: it builds on the whole dossier, so the
    first save conflicts with any change; after the person saw what changed, only its parts
    count. The default is the strict rule of ADR 0004: the whole casus.
    """

    raakt: tuple[str, ...] = (ALLES,)
    leest: tuple[str, ...] = ()
    beslissing: bool = False


# Adding a record that stands on its own (a signaal, a consultatie, a betrokkene, ...): it
# conflicts only with a change of the traject it lands in.
TOEVOEGING = Onderdeel(raakt=(), leest=(TRAJECT,))
HELE_CASUS = Onderdeel()


@dataclass(frozen=True)
class Geopend:
    """What a form was opened with: the casus version, and whether the person has already seen
    what changed up to that version (the form re-shown after a refusal)."""

    versie: int
    wijzigingen_gezien: bool = False


Versie = int | Geopend


def botsing(
    versies: Mapping[str, int], huidig: int, versie: Versie, onderdeel: Onderdeel
) -> str | None:
    """The part that changed since the form was opened (``ALLES`` for the whole casus), or None
    when the save may go through."""
    geopend = versie if isinstance(versie, Geopend) else Geopend(versie)
    if geopend.versie == huidig:
        return None
    if geopend.versie > huidig or ALLES in (*onderdeel.raakt, *onderdeel.leest):
        return ALLES
    if onderdeel.beslissing and not geopend.wijzigingen_gezien:
        return ALLES
    for sleutel in (ALLES, *onderdeel.raakt, *onderdeel.leest):
        if versies.get(sleutel, 0) > geopend.versie:
            return sleutel
    return None


def markeer(casus: Casus, onderdeel: Onderdeel) -> None:
    """Note the new version on each part this write changed (the caller saves the row)."""
    versies = dict(casus.onderdeelversies or {})
    for sleutel in onderdeel.raakt:
        versies[sleutel] = casus.versie
    casus.onderdeelversies = versies


class VerouderdFormulier(ValidationError):
    def __init__(self, casus: Casus, onderdeel: str = ALLES) -> None:
        if onderdeel == ALLES:
            tekst = _laatste_wijziging(casus)
        else:
            tekst = _("Terwijl u dit formulier invulde, veranderde %(onderdeel)s.") % {
                "onderdeel": naam(onderdeel)
            }
        tekst += " " + _(
            "Uw invoer is niet opgeslagen, maar staat nog in het formulier. Bekijk wat er "
            "veranderde en sla daarna opnieuw op."
        )
        super().__init__(tekst, code="verouderd")
        self.casus_versie = casus.versie
        self.onderdeel = onderdeel


def _laatste_wijziging(casus: Casus) -> str:
    from meldwijzer.audit.models import Gebeurtenis

    laatste = Gebeurtenis.objects.filter(casus=casus).order_by("-tijdstip", "-pk").first()
    if laatste is None:
        return _("Deze casus is gewijzigd nadat u dit formulier opende.")
    return _(
        "Deze casus is gewijzigd nadat u dit formulier opende: %(wie)s, %(wanneer)s: %(wat)s."
    ) % {
        "wie": laatste.actor_naam,
        "wanneer": datumtekst.tijdstip(laatste.tijdstip),
        "wat": gebeurtenissen.label(laatste.soort).lower(),
    }
