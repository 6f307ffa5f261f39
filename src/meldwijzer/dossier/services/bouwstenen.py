"""The building blocks every write service of the dossier uses: checking input, locking the
casus, moving it between phases and marking what a write changed. For the services only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Literal, overload

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_casus_bewerken
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.audit.services import leg_vast
from meldwijzer.dossier import invoer
from meldwijzer.dossier.invoer import MAX_TEKST, Invoer, Veld
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


def veldfout(veld: str | None, tekst: str) -> ValidationError:
    return ValidationError({veld: [tekst]} if veld else [tekst])


def te_lang(veld: str, maximaal: int, lengte: int) -> ValidationError:
    return veldfout(
        veld,
        _("Deze tekst is %(lengte)s tekens lang; houd hem korter dan %(max)s tekens.")
        % {"lengte": lengte, "max": maximaal},
    )


def verplichte_tekst(waarde: str | None, veld: str, leeg: str, *, maximaal: int = MAX_TEKST) -> str:
    tekst = (waarde or "").strip()
    if not tekst:
        raise veldfout(veld, leeg)
    if len(tekst) > maximaal:
        raise te_lang(veld, maximaal, len(tekst))
    return tekst


def vrije_tekst(waarde: str | None, veld: str, *, maximaal: int = MAX_TEKST) -> str:
    """Optional text: stripped, and not longer than the column or the note limit."""
    tekst = (waarde or "").strip()
    if len(tekst) > maximaal:
        raise te_lang(veld, maximaal, len(tekst))
    return tekst


def geldige_keuze(waarde: str, keuzes: type, veld: str) -> str:
    if waarde not in keuzes.values:  # type: ignore[attr-defined]
        raise veldfout(veld, _("Kies een van de mogelijkheden."))
    return waarde


@overload
def geldige_datum(
    waarde: dt.date | None, veld: str, *, verplicht: Literal[True] = True
) -> dt.date: ...
@overload
def geldige_datum(waarde: dt.date | None, veld: str, *, verplicht: bool) -> dt.date | None: ...
def geldige_datum(waarde: dt.date | None, veld: str, *, verplicht: bool = True) -> dt.date | None:
    """A date given (when required) and not in the future; a required one comes back a date."""
    if waarde is None:
        if verplicht:
            raise veldfout(veld, _("Vul een datum in."))
        return None
    if waarde > timezone.localdate():
        raise veldfout(
            veld, _("Deze datum ligt in de toekomst; vul de datum in waarop het gebeurde.")
        )
    return waarde


def geldig_getal(veld: Veld, waarde: Any) -> int | None:
    """A declared whole number: present when required, within the field's ``bereik``."""
    if waarde is None:
        if veld.verplicht:
            raise veldfout(veld.naam, str(veld.leeg))
        return None
    if isinstance(waarde, bool) or not isinstance(waarde, int):
        raise veldfout(veld.naam, str(veld.ongeldig or veld.buiten))
    if veld.bereik is not None and not veld.bereik[0] <= waarde <= veld.bereik[1]:
        raise veldfout(veld.naam, str(veld.buiten))
    return waarde


def bekende_velden(declaratie: Invoer, waarden: Mapping[str, Any]) -> Mapping[str, Any]:
    """The values, after refusing a field the declaration does not name (a caller's mistake,
    never a person's: the forms and the API derive from the same declaration)."""
    onbekend = set(waarden) - set(declaratie.namen())
    if onbekend:
        naam = declaratie.model.__name__
        raise TypeError(f"{naam} kent deze velden niet: {sorted(onbekend)}")
    return waarden


def eis_in_dit_geval(declaratie: Invoer, velden: Mapping[str, Any], namen: Iterable[str]) -> None:
    """The conditional fields (dossier.invoer, ``voorwaardelijk``) that the case at hand
    requires: each present, or the declaration's message for it."""
    for naam in namen:
        if velden.get(naam) in (None, ""):
            raise veldfout(naam, str(declaratie.veld(naam).leeg))


def controleer_invoer(
    declaratie: Invoer, waarden: Mapping[str, Any], *, zonder: Iterable[str] = ()
) -> dict[str, Any]:
    """The declared fields of a record checked and cleaned (dossier.invoer): required fields
    present, text stripped and within the field's limit, a choice one of the field's, a date
    not in the future, a whole number within the declared range. Rules between fields
    (required only when another says so) stay in the service; a field the declaration marks
    ``voorwaardelijk`` is checked here as optional."""
    overslaan = set(zonder)
    schoon: dict[str, Any] = {}
    for veld in declaratie:
        if veld.naam in overslaan:
            continue
        waarde = waarden.get(veld.naam)
        soort = declaratie.soort(veld)
        if soort == invoer.DATUM:
            schoon[veld.naam] = geldige_datum(waarde, veld.naam, verplicht=veld.verplicht)
        elif soort == invoer.JANEE:
            if waarde is None and veld.verplicht:
                raise veldfout(veld.naam, str(veld.leeg))
            schoon[veld.naam] = bool(waarde)
        elif soort == invoer.GETAL:
            schoon[veld.naam] = geldig_getal(veld, waarde)
        elif soort == invoer.KEUZE:
            if not waarde and not veld.verplicht:
                schoon[veld.naam] = ""
                continue
            if not waarde:
                raise veldfout(veld.naam, str(veld.leeg))
            waarden_toegestaan = [k for k, _label in declaratie.keuzes(veld)]
            if waarde not in waarden_toegestaan:
                raise veldfout(veld.naam, _("Kies een van de mogelijkheden."))
            schoon[veld.naam] = waarde
        elif veld.verplicht:
            schoon[veld.naam] = verplichte_tekst(
                waarde, veld.naam, str(veld.leeg), maximaal=declaratie.maximaal(veld)
            )
        else:
            schoon[veld.naam] = vrije_tekst(waarde, veld.naam, maximaal=declaratie.maximaal(veld))
    return schoon


def vergrendel(
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
    # The framework version the caller read moments ago, shared: a version a casus pins is
    # published and never edited (catalogus.models.KaderVersie.save), so the service's
    # ``vast.kader_versie`` costs no second query nor a decode of the framework's content.
    if vast.kader_versie_id == casus.kader_versie_id and Casus.kader_versie.is_cached(casus):
        vast.kader_versie = casus.kader_versie
    if versie is not None:
        gewijzigd = botsing(vast.onderdeelversies or {}, vast.versie, versie, onderdeel)
        if gewijzigd is not None:
            raise VerouderdFormulier(vast, gewijzigd)
    if vast.is_afgesloten and not ook_afgesloten:
        raise veldfout(
            None,
            _("Deze casus is afgesloten. Heropen de casus om nieuwe gegevens vast te leggen."),
        )
    return vast


def ververs(doel: Casus, bron: Casus) -> None:
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


def ga_naar_fase(actor: Membership, casus: Casus, naar: Fase) -> None:
    if casus.fase == naar:
        return
    if not mag_overgaan(casus.fase, naar):
        raise veldfout(
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


def zet_vooruit(actor: Membership, casus: Casus, stap: int) -> None:
    """Recording something of stap N moves the casus forward to N; never back."""
    huidig = stapnummer(casus.fase)
    if huidig is not None and stap > huidig:
        ga_naar_fase(actor, casus, Fase(str(stap)))


def markeer_bijgewerkt(casus: Casus, onderdeel: Onderdeel = HELE_CASUS) -> None:
    """Every write ends here: the casus is touched, its version raised and noted on the parts
    the write changed, and the audit position noted from which a re-shown form lists what
    changed after it (services.gelijktijdig)."""
    casus.bijgewerkt_op = timezone.now()
    casus.versie += 1
    markeer(casus, onderdeel)
    casus.tijdlijnstand = tijdlijnstand(casus.organisatie_id)
    casus.save(update_fields=["bijgewerkt_op", "versie", "onderdeelversies", "tijdlijnstand"])


def controleer_vinkjes(casus: Casus, aangevinkt: Iterable[str]) -> list[str]:
    vinkjes = sorted(set(aangevinkt))
    onbekend = set(vinkjes) - casus.kader_versie.kader().aanvinkbaar
    if onbekend:
        raise veldfout(
            "aangevinkt",
            _("Onbekend signaal aangevinkt: %(ids)s. Kies alleen uit de lijsten op deze pagina.")
            % {"ids": ", ".join(sorted(onbekend))},
        )
    return vinkjes
