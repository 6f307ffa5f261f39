"""Correcting and withdrawing what was recorded, keeping every earlier version.

A correction is a new version of a record: the same checks as when it was recorded, a reason
required, the previous values kept as a ``Correctie`` and in the audit trail. A withdrawal marks
the record withdrawn (it stays, with its reason). Current pages show the current version only;
the timeline, the dossier PDF and the inzage export show the history (docs/adr/0019).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_casus_bewerken
from meldwijzer.audit.services import json_waarde, momentopname
from meldwijzer.dossier import historie
from meldwijzer.dossier.invoer import Invoer
from meldwijzer.dossier.models import Casus, CorrectieReden, GegevenSoort, Handeling
from meldwijzer.dossier.models.casus import Vastlegging
from meldwijzer.dossier.services import casus as casusdiensten
from meldwijzer.dossier.services import hulpplan, melding, stappen, zorg
from meldwijzer.dossier.services.bouwstenen import (
    markeer_bijgewerkt,
    veldfout,
    vergrendel,
    verplichte_tekst,
    ververs,
)
from meldwijzer.dossier.services.gelijktijdig import (
    HULPPLAN,
    TRAJECT,
    Onderdeel,
    Versie,
    onderdeel_item,
    onderdeel_melding,
)
from meldwijzer.dossier.services.versies import noteer

Velden = Callable[[Casus, Any, Mapping[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Soort:
    """A kind of record that can be corrected and withdrawn: its model and declaration are the
    history's (dossier.historie), its checks are those of recording it."""

    naam: GegevenSoort
    velden: Velden  # the checks of a whole new version, shared with recording it
    omschrijving: Promise  # "het signaal": in messages and headings

    @property
    def model(self) -> type[Vastlegging]:
        return historie.MODELLEN[self.naam]

    @property
    def invoer(self) -> Invoer:
        return historie.DECLARATIES[self.naam]

    def onderdeel(self, item_id: int) -> Onderdeel:
        """What a correction changes, for the concurrency check (services.gelijktijdig)."""
        if self.naam == GegevenSoort.HULPPLAN:
            raakt = (HULPPLAN,)
        elif self.naam == GegevenSoort.MELDING:
            raakt = (onderdeel_melding(item_id),)
        else:
            raakt = (onderdeel_item(self.naam, item_id),)
        return Onderdeel(raakt=raakt, leest=(TRAJECT,))


SOORTEN: dict[str, Soort] = {
    s.naam.value: s
    for s in (
        Soort(GegevenSoort.SIGNAAL, stappen.signaalvelden, gettext_lazy("het signaal")),
        Soort(
            GegevenSoort.BETROKKENE, casusdiensten.betrokkenevelden, gettext_lazy("de betrokkene")
        ),
        Soort(GegevenSoort.ZIENSWIJZE, zorg.zienswijzevelden, gettext_lazy("de zienswijze")),
        Soort(GegevenSoort.CONSULTATIE, stappen.consultatievelden, gettext_lazy("de consultatie")),
        Soort(GegevenSoort.GESPREK, stappen.gespreksvelden, gettext_lazy("het gesprek")),
        Soort(GegevenSoort.WEGING, stappen.wegingvelden, gettext_lazy("de weging")),
        Soort(GegevenSoort.MELDING, melding.meldingvelden, gettext_lazy("de melding")),
        Soort(GegevenSoort.HULPPLAN, hulpplan.planvelden, gettext_lazy("het hulpplan")),
    )
}

# Never shown as a change: the blind index follows name and birth date.
_AFGELEID = frozenset({"zoekindex"})

# The reasons a person may give; the tick added at an afweging has its own (``vul_aan``).
REDENEN = [r for r in CorrectieReden if r is not CorrectieReden.AANGEVINKT_BIJ_AFWEGING]


def _mag_bewerken(actor: Membership, casus: Casus) -> None:
    """Permission first, before anything about the input is said (web/tests/test_rollen_matrix)."""
    if not mag_casus_bewerken(actor, casus):
        raise PermissionDenied(_("U mag in deze casus niets vastleggen."))


def soort_van(naam: str) -> Soort:
    try:
        return SOORTEN[naam]
    except KeyError:
        raise veldfout(None, _("Dit soort gegeven kan niet worden gecorrigeerd.")) from None


@transaction.atomic
def corrigeer(
    *,
    actor: Membership,
    casus: Casus,
    soort: str,
    item_id: int,
    reden: str,
    toelichting: str,
    waarden: Mapping[str, Any],
    versie: Versie | None = None,
) -> Vastlegging:
    """A new version of a recorded item. ``waarden`` are the whole new version, as when it was
    recorded (a mapping, not keywords: a record's own field may be called ``toelichting`` too).
    What did not change is kept; what changed is kept as it was, in a ``Correctie``. Also after
    closing: a wrong record, or a betrokkene's request (AVG, artikel 16), cannot wait for a new
    traject."""
    _mag_bewerken(actor, casus)
    regels = soort_van(soort)
    vast = vergrendel(
        actor, casus, ook_afgesloten=True, versie=versie, onderdeel=regels.onderdeel(item_id)
    )
    item = _huidig_item(vast, regels, item_id)
    reden, toelichting = _controleer_reden(reden, toelichting)
    velden = regels.velden(vast, item, waarden)
    namen = [n for n in velden if n not in _AFGELEID]
    vorige = momentopname(item, namen)
    gewijzigd = [n for n in namen if vorige[n] != json_waarde(velden[n])]
    if not gewijzigd:
        raise veldfout(
            None,
            _("U wijzigde niets. Pas aan wat onjuist of onvolledig was, of trek het in."),
        )
    nu = timezone.now()
    for naam, waarde in velden.items():
        setattr(item, naam, waarde)
    item.gecorrigeerd_op = nu
    item.save()
    noteer(
        actor,
        vast,
        regels.naam,
        item,
        Handeling.GECORRIGEERD,
        reden,
        toelichting,
        vorige,
        gewijzigd,
    )
    markeer_bijgewerkt(vast, regels.onderdeel(item_id))
    ververs(casus, vast)
    return item


@transaction.atomic
def trek_in(
    *,
    actor: Membership,
    casus: Casus,
    soort: str,
    item_id: int,
    reden: str,
    toelichting: str,
    versie: Versie | None = None,
) -> Vastlegging:
    """Withdraw a recorded item: it no longer counts anywhere, and stays in the history with
    its reason (for example: recorded in the wrong casus)."""
    _mag_bewerken(actor, casus)
    regels = soort_van(soort)
    vast = vergrendel(
        actor, casus, ook_afgesloten=True, versie=versie, onderdeel=regels.onderdeel(item_id)
    )
    item = _huidig_item(vast, regels, item_id)
    reden, toelichting = _controleer_reden(reden, toelichting)
    namen = [n for n in _velden_van(regels) if n not in _AFGELEID]
    item.ingetrokken_op = timezone.now()
    item.save(update_fields=["ingetrokken_op"])
    vorige = momentopname(item, namen)
    noteer(actor, vast, regels.naam, item, Handeling.INGETROKKEN, reden, toelichting, vorige, [])
    markeer_bijgewerkt(vast, regels.onderdeel(item_id))
    ververs(casus, vast)
    return item


def _huidig_item(vast: Casus, regels: Soort, item_id: int) -> Vastlegging:
    item = regels.model._default_manager.filter(casus=vast, pk=item_id).first()
    if item is None:
        raise veldfout(None, _("Dit gegeven hoort niet bij deze casus."))
    if item.ingetrokken_op is not None:
        raise veldfout(
            None,
            _("%(wat)s is al ingetrokken; een ingetrokken gegeven verandert niet meer.")
            % {"wat": str(regels.omschrijving).capitalize()},
        )
    return item


def _controleer_reden(reden: str, toelichting: str) -> tuple[str, str]:
    if reden not in {r.value for r in REDENEN}:
        raise veldfout("reden", _("Kies de reden van de correctie of intrekking."))
    tekst = verplichte_tekst(
        toelichting,
        "toelichting",
        _("Licht toe wat er onjuist was en waarom: dat blijft in het dossier zichtbaar."),
    )
    return reden, tekst


def _velden_van(regels: Soort) -> list[str]:
    return [*regels.invoer.namen(), *historie.NAAST_DE_DECLARATIE.get(regels.naam, ())]
