"""Shared plumbing of the write services: locking, validation helpers, step moves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_casus_bewerken
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.audit.services import leg_vast
from meldwijzer.dossier.models import Casus, Fase
from meldwijzer.dossier.overgangen import mag_overgaan, stapnummer
from meldwijzer.dossier.services.gelijktijdig import (
    HELE_CASUS,
    Onderdeel,
    VerouderdFormulier,
    Versie,
    botsing,
    markeer,
)


def _fout(veld: str | None, tekst: str) -> ValidationError:
    return ValidationError({veld: [tekst]} if veld else [tekst])


# Longest free text a note may hold; the forms say the same (docs/adr/0004).
MAX_TEKST = 10_000


def _te_lang(veld: str, maximaal: int, lengte: int) -> ValidationError:
    return _fout(
        veld,
        _("Deze tekst is %(lengte)s tekens lang; houd hem korter dan %(max)s tekens.")
        % {"lengte": lengte, "max": maximaal},
    )


def _tekst(waarde: str | None, veld: str, leeg: str, *, maximaal: int = MAX_TEKST) -> str:
    tekst = (waarde or "").strip()
    if not tekst:
        raise _fout(veld, leeg)
    if len(tekst) > maximaal:
        raise _te_lang(veld, maximaal, len(tekst))
    return tekst


def _vrij(waarde: str | None, veld: str, *, maximaal: int = MAX_TEKST) -> str:
    """Optional text: stripped, and not longer than the column or the note limit."""
    tekst = (waarde or "").strip()
    if len(tekst) > maximaal:
        raise _te_lang(veld, maximaal, len(tekst))
    return tekst


def _keuze(waarde: str, keuzes: type, veld: str) -> str:
    if waarde not in keuzes.values:  # type: ignore[attr-defined]
        raise _fout(veld, _("Kies een van de mogelijkheden."))
    return waarde


def _datum(waarde: dt.date | None, veld: str, *, verplicht: bool = True) -> dt.date | None:
    if waarde is None:
        if verplicht:
            raise _fout(veld, _("Vul een datum in."))
        return None
    if waarde > timezone.localdate():
        raise _fout(veld, _("Deze datum ligt in de toekomst; vul de datum in waarop het gebeurde."))
    return waarde


def _vergrendel(
    actor: Membership,
    casus: Casus,
    *,
    ook_afgesloten: bool = False,
    versie: Versie | None = None,
    onderdeel: Onderdeel = HELE_CASUS,
) -> Casus:
    """Lock the casus row for this write. With ``versie`` (the casus version the form was
    opened with) a save is refused when the ``onderdeel`` it works on changed since: nobody
    silently overwrites (services.gelijktijdig, docs/adr/0013)."""
    if not mag_casus_bewerken(actor, casus):
        raise PermissionDenied(_("U mag in deze casus niets vastleggen."))
    vast = Casus.objects.select_for_update().get(pk=casus.pk)
    if versie is not None:
        gewijzigd = botsing(vast.onderdeelversies or {}, vast.versie, versie, onderdeel)
        if gewijzigd is not None:
            raise VerouderdFormulier(vast, gewijzigd)
    if vast.is_afgesloten and not ook_afgesloten:
        raise _fout(
            None,
            _("Deze casus is afgesloten. Heropen de casus om nieuwe gegevens vast te leggen."),
        )
    return vast


def _ververs(doel: Casus, bron: Casus) -> None:
    """Give the caller's casus object the values just written."""
    for veld in Casus._meta.concrete_fields:
        setattr(doel, veld.attname, getattr(bron, veld.attname))


def tijdlijnstand(organisatie_id: int) -> int:
    """The last number in the organisation's audit chain. Every later change of a casus gets a
    higher one: its writes are serialised by the casus row lock, the chain by its head."""
    laatste = (
        Gebeurtenis.objects.filter(organisatie_id=organisatie_id)
        .order_by("-volgnummer")
        .values_list("volgnummer", flat=True)
        .first()
    )
    return laatste or 0


def _ga_naar(actor: Membership, casus: Casus, naar: Fase) -> None:
    if casus.fase == naar:
        return
    if not mag_overgaan(casus.fase, naar):
        raise _fout(
            None,
            _("De casus kan niet van %(van)s naar %(naar)s.")
            % {"van": Fase(casus.fase).label, "naar": naar.label},
        )
    oud = casus.fase
    casus.fase = naar
    casus.save(update_fields=["fase"])
    leg_vast(
        actor=actor,
        soort="casus.stap",
        casus=casus,
        obj=casus,
        oud={"fase": oud},
        nieuw={"fase": naar.value},
    )


def _vooruit(actor: Membership, casus: Casus, stap: int) -> None:
    """Recording something of stap N moves the casus forward to N; never back."""
    huidig = stapnummer(casus.fase)
    if huidig is not None and stap > huidig:
        _ga_naar(actor, casus, Fase(str(stap)))


def _bijgewerkt(casus: Casus, onderdeel: Onderdeel = HELE_CASUS) -> None:
    """Every write ends here: the casus is touched, its version raised and noted on the parts
    the write changed, and the audit position noted from which a re-shown form lists what
    changed after it (services.gelijktijdig)."""
    casus.bijgewerkt_op = timezone.now()
    casus.versie += 1
    markeer(casus, onderdeel)
    casus.tijdlijnstand = tijdlijnstand(casus.organisatie_id)
    casus.save(update_fields=["bijgewerkt_op", "versie", "onderdeelversies", "tijdlijnstand"])


def _controleer_vinkjes(casus: Casus, aangevinkt: Iterable[str]) -> list[str]:
    vinkjes = sorted(set(aangevinkt))
    onbekend = set(vinkjes) - casus.kader_versie.kader().aanvinkbaar
    if onbekend:
        raise _fout(
            "aangevinkt",
            _("Onbekend signaal aangevinkt: %(ids)s. Kies alleen uit de lijsten op deze pagina.")
            % {"ids": ", ".join(sorted(onbekend))},
        )
    return vinkjes
