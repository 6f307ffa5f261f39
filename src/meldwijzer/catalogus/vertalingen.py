"""Translations a beroepsorganisatie publishes for its own framework (ADR 0029).

The kaderbeheerder of the framework's beroepsorganisatie uploads a translation file in the format
of the shipped ones (docs/kader-formaat.md, 'Vertalingen'); it is checked against every version
of the framework it names. Every upload is kept: the latest of a framework id and language is
shown, unless it is withdrawn. ``kader.vertaling`` finds the current upload through the hook set
in ``CatalogusConfig.ready`` (``vertaling_voor`` imports no app); which upload is current is read
from the database at most once per request (``_Stand``).
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_kaders_beheren, mag_kaderversie_beheren
from meldwijzer.audit.services import leg_vast
from meldwijzer.catalogus.models import KaderVersie, Kadervertaling
from meldwijzer.kader import Ernst, Probleem
from meldwijzer.kader.laden import lees_yaml
from meldwijzer.kader.vertaalbaar import sleutel_als_tekst
from meldwijzer.kader.vertaling import (
    BRONTAAL,
    GeuploadeVertaling,
    Vertaalverslag,
    controleer_vertaling,
)

# --- which upload is current, once per request -------------------------------------------------


class _Stand(threading.local):
    """The current upload of every framework id and language, read in one query and kept until
    the request ends (``request_started``/``request_finished``, and every upload or withdrawal
    in this process, forget it). Another worker sees a new upload at its next request. Outside
    a request (command line, a test calling the layer directly) it is read each time."""

    in_verzoek: bool = False
    actueel: dict[tuple[str, str], tuple[int, str, str] | None] | None = None


_stand = _Stand()


def begin_verzoek(**_kwargs: Any) -> None:
    _stand.in_verzoek, _stand.actueel = True, None


def einde_verzoek(**_kwargs: Any) -> None:
    _stand.in_verzoek, _stand.actueel = False, None


def vergeet_stand() -> None:
    _stand.actueel = None


def _van_de_eigenaar() -> QuerySet[Kadervertaling]:
    """Uploads by the beroepsorganisatie that owns the framework id now. An id can change hands
    (a concept deleted, then imported by another organisation): the former owner's uploads
    then belong to no version shown, and are neither shown nor listed (ADR 0029)."""
    eigenaar = (
        KaderVersie.objects.filter(kader_id=OuterRef("kader_id"))
        .order_by("-pk")
        .values("beroepsorganisatie_id")[:1]
    )
    return Kadervertaling.objects.filter(beroepsorganisatie_id=Subquery(eigenaar))


def _lees_actueel() -> dict[tuple[str, str], tuple[int, str, str] | None]:
    actueel: dict[tuple[str, str], tuple[int, str, str] | None] = {}
    rijen = _van_de_eigenaar().order_by("kader_id", "taal", "-geupload_op", "-pk")
    for kader_id, taal, pk, hash_, naam, ingetrokken in rijen.values_list(
        "kader_id", "taal", "pk", "hash", "bestandsnaam", "ingetrokken_op"
    ):
        if (kader_id, taal) not in actueel:
            actueel[(kader_id, taal)] = None if ingetrokken else (pk, hash_, naam)
    return actueel


def _actueel() -> dict[tuple[str, str], tuple[int, str, str] | None]:
    if not _stand.in_verzoek:
        return _lees_actueel()
    if _stand.actueel is None:
        _stand.actueel = _lees_actueel()
    return _stand.actueel


def geuploade_vertaling(kader_id: str, taal: str) -> GeuploadeVertaling | None:
    """The current upload of ``kader_id`` in ``taal`` for ``kader.vertaling.vertaling_voor``;
    its file is only read from the database when that cache does not hold it yet."""
    gevonden = _actueel().get((kader_id, taal))
    if gevonden is None:
        return None
    pk, hash_, naam = gevonden

    def tekst() -> str:
        return Kadervertaling.objects.values_list("inhoud", flat=True).get(pk=pk)

    return GeuploadeVertaling(f"{pk}:{hash_}", naam or f"{kader_id}.{taal}.yaml", tekst)


# --- reading -----------------------------------------------------------------------------------


@dataclass
class Taalregel:
    """One language of a framework on its page: the upload shown, its completeness against the
    version on the page, and the history of earlier uploads."""

    taal: str
    actueel: Kadervertaling | None
    verslag: Vertaalverslag | None
    geschiedenis: list[Kadervertaling]

    @property
    def vertaald(self) -> int:
        return 0 if self.verslag is None else self.verslag.totaal - len(self.verslag.onvertaald)

    @property
    def onvertaald(self) -> list[str]:
        if self.verslag is None:
            return []
        return [sleutel_als_tekst(t.sleutel) for t in self.verslag.onvertaald]


def vertalingen_van(versie: KaderVersie) -> list[Taalregel]:
    """The uploaded translations of a framework, by language, checked against ``versie``."""
    per_taal: dict[str, list[Kadervertaling]] = {}
    for rij in (
        _van_de_eigenaar()
        .filter(kader_id=versie.kader_id)
        .select_related("geupload_door", "ingetrokken_door")
        # The history shows who and when; only the upload shown is read whole (one query each).
        .defer("inhoud")
    ):
        per_taal.setdefault(rij.taal, []).append(rij)
    regels = []
    for taal, rijen in sorted(per_taal.items()):
        laatste = rijen[0]
        actueel = None if laatste.is_ingetrokken else laatste
        verslag = None
        if actueel is not None:
            verslag = controleer_vertaling(actueel.inhoud, actueel.bestandsnaam, versie.kader())
        regels.append(Taalregel(taal, actueel, verslag, rijen))
    return regels


# --- writing -----------------------------------------------------------------------------------


@dataclass
class Vertaaluitslag:
    """What uploading a translation did: the stored upload, or every problem (with its line)."""

    vertaling: Kadervertaling | None = None
    problemen: list[Probleem] = field(default_factory=list)
    verslagen: list[tuple[KaderVersie, Vertaalverslag]] = field(default_factory=list)
    bestond_al: bool = False

    @property
    def fouten(self) -> list[Probleem]:
        return _op_regel([p for p in self.problemen if p.ernst is Ernst.FOUT])

    @property
    def opmerkingen(self) -> list[Probleem]:
        return _op_regel([p for p in self.problemen if p.ernst is not Ernst.FOUT])


def _op_regel(problemen: list[Probleem]) -> list[Probleem]:
    return sorted(problemen, key=lambda p: (p.regel is None, p.regel or 0))


def _versies_van(kader_id: str) -> list[KaderVersie]:
    return list(KaderVersie.objects.filter(kader_id=kader_id).order_by("-geladen_op", "-pk"))


def _eigen_kader(actor: Membership | None, kader_id: str) -> tuple[Membership, list[KaderVersie]]:
    """The actor must be a kaderbeheerder of the beroepsorganisatie that owns ``kader_id``."""
    if not mag_kaders_beheren(actor):
        raise PermissionDenied(_("Alleen een kaderbeheerder publiceert vertalingen van kaders."))
    assert actor is not None
    versies = _versies_van(kader_id)
    if not versies:
        raise ValidationError(_("Kader '%(kader)s' bestaat niet.") % {"kader": kader_id})
    if not mag_kaderversie_beheren(actor, versies[0].beroepsorganisatie_id):
        raise PermissionDenied(
            _(
                "Dit kader wordt niet door uw beroepsorganisatie beheerd; alleen zijn eigen "
                "kaderbeheerders publiceren er een vertaling van."
            )
        )
    return actor, versies


def _genoemde_versies(data: object) -> list[str] | None:
    versies = data.get("versies") if isinstance(data, dict) else None
    if not isinstance(versies, list) or not versies:
        return None
    return [str(v).strip() for v in versies]


def _geen_versie(
    kader_id: str, genoemd: list[str], versies: list[KaderVersie], bestandsnaam: str, regel: Any
) -> Probleem:
    bestaand = ", ".join(v.versie for v in versies)
    return Probleem(
        _(
            "Dit bestand vertaalt versie %(genoemd)s, maar kader '%(kader)s' heeft geen versie "
            "met dat nummer (wel: %(bestaand)s). Zet in 'versies' het nummer van de versie "
            'waarvan u de teksten vertaalde, bijvoorbeeld ["%(laatste)s"].'
        )
        % {
            "genoemd": ", ".join(genoemd),
            "kader": kader_id,
            "bestaand": bestaand,
            "laatste": versies[0].versie,
        },
        pad="versies",
        regel=regel,
        bestand=bestandsnaam,
    )


def controleer_upload(
    kader_id: str, tekst: str, bestandsnaam: str, versies: list[KaderVersie]
) -> Vertaaluitslag:
    """Check a translation file against each version of ``kader_id`` it names. Raises
    ``OnleesbaarKader`` for a text that is not YAML."""
    data, regels, _problemen = lees_yaml(tekst, bestandsnaam)
    genoemd = _genoemde_versies(data)
    if genoemd is None:
        # No usable 'versies': the check against the newest version says what is wrong.
        verslag = controleer_vertaling(tekst, bestandsnaam, versies[0].kader())
        return Vertaaluitslag(None, verslag.problemen, [(versies[0], verslag)])
    passend = [v for v in versies if v.versie in genoemd]
    if not passend:
        regel = regels.regel(("versies",))
        return Vertaaluitslag(None, [_geen_versie(kader_id, genoemd, versies, bestandsnaam, regel)])
    uitslag = Vertaaluitslag()
    gezien: set[tuple[int | None, str]] = set()
    for versie in passend:
        verslag = controleer_vertaling(tekst, bestandsnaam, versie.kader())
        uitslag.verslagen.append((versie, verslag))
        for p in verslag.problemen:
            if (p.regel, p.melding) not in gezien:
                gezien.add((p.regel, p.melding))
                uitslag.problemen.append(p)
    onbekend = [v for v in genoemd if v not in {k.versie for k in versies}]
    if onbekend:
        uitslag.problemen.append(
            Probleem(
                _(
                    "Versie %(versies)s van dit kader bestaat (nog) niet; de vertaling geldt "
                    "voor die versie zodra ze is geïmporteerd en de teksten passen."
                )
                % {"versies": ", ".join(onbekend)},
                pad="versies",
                regel=regels.regel(("versies",)),
                bestand=bestandsnaam,
                ernst=Ernst.OPMERKING,
            )
        )
    return uitslag


def actuele_upload(kader_id: str, taal: str) -> Kadervertaling | None:
    """The upload shown for this framework and language (None when none, or withdrawn)."""
    laatste = (
        _van_de_eigenaar()
        .filter(kader_id=kader_id, taal=taal)
        .order_by("-geupload_op", "-pk")
        .first()
    )
    return None if laatste is None or laatste.is_ingetrokken else laatste


@transaction.atomic
def upload_vertaling(
    *, actor: Membership | None, kader_id: str, tekst: str, bestandsnaam: str
) -> Vertaaluitslag:
    """Store a translation of the actor's own framework, replacing the one shown in its
    language (the earlier upload stays in the history). A file with errors stores nothing and
    returns every problem with its line; texts not translated are reported, not refused."""
    actor, versies = _eigen_kader(actor, kader_id)
    # The framework's versions are locked while the current upload is compared and replaced,
    # so two uploads at once both land in the history in order.
    list(KaderVersie.objects.select_for_update().filter(kader_id=kader_id).values("pk"))
    uitslag = controleer_upload(kader_id, tekst, bestandsnaam, versies)
    if uitslag.fouten or not uitslag.verslagen:
        return uitslag
    verslag = uitslag.verslagen[0][1]
    assert verslag.vertaling is not None
    taal = verslag.vertaling.taal
    hash_ = hashlib.sha256(tekst.encode("utf-8")).hexdigest()
    vorige = actuele_upload(kader_id, taal)
    if vorige is not None and vorige.hash == hash_:
        uitslag.vertaling, uitslag.bestond_al = vorige, True
        return uitslag
    rij = Kadervertaling.objects.create(
        kader_id=kader_id,
        taal=taal,
        beroepsorganisatie_id=actor.organisatie_id,  # the owner: checked by _eigen_kader
        bestandsnaam=bestandsnaam[:255],
        inhoud=tekst,
        hash=hash_,
        versies=list(verslag.vertaling.versies),
        vertaald_door=(verslag.vertaling.vertaald_door or "")[:300],
        geupload_door=actor.user,
    )
    leg_vast(
        actor=actor,
        soort="kader.vertaling_geupload",
        obj=rij,
        oud={"hash": vorige.hash, "bestand": vorige.bestandsnaam} if vorige else None,
        nieuw={
            "kader": kader_id,
            "taal": taal,
            "hash": hash_,
            "bestand": bestandsnaam,
            "versies": list(verslag.vertaling.versies),
            "teksten": {
                v.versie: f"{vv.totaal - len(vv.onvertaald)}/{vv.totaal}"
                for v, vv in uitslag.verslagen
            },
        },
    )
    uitslag.vertaling = rij
    transaction.on_commit(vergeet_stand)
    vergeet_stand()
    return uitslag


@transaction.atomic
def trek_vertaling_in(*, actor: Membership | None, kader_id: str, taal: str) -> Kadervertaling:
    """Withdraw the translation shown in ``taal``: the framework shows in Dutch again there.
    The upload stays in the history; a new upload publishes the language again."""
    actor, _versies = _eigen_kader(actor, kader_id)
    list(KaderVersie.objects.select_for_update().filter(kader_id=kader_id).values("pk"))
    rij = actuele_upload(kader_id, taal)
    if rij is None:
        raise ValidationError(
            _("Er is geen vertaling naar '%(taal)s' om in te trekken.") % {"taal": taal}
        )
    Kadervertaling.objects.filter(pk=rij.pk).update(
        ingetrokken_op=timezone.now(), ingetrokken_door=actor.user
    )
    rij.refresh_from_db()
    leg_vast(
        actor=actor,
        soort="kader.vertaling_ingetrokken",
        obj=rij,
        oud={"kader": kader_id, "taal": taal, "hash": rij.hash, "bestand": rij.bestandsnaam},
    )
    transaction.on_commit(vergeet_stand)
    vergeet_stand()
    return rij


__all__ = [
    "BRONTAAL",
    "Taalregel",
    "Vertaaluitslag",
    "actuele_upload",
    "begin_verzoek",
    "controleer_upload",
    "einde_verzoek",
    "geuploade_vertaling",
    "trek_vertaling_in",
    "upload_vertaling",
    "vergeet_stand",
    "vertalingen_van",
]
