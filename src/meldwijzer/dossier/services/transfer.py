"""Transfer of a casus to another organisation: an encrypted export file from organisation A, an
import into organisation B (docs/handleiding-casus.md, 'Overdragen aan een
andere organisatie').

What travels: everything recorded in the casus — betrokkenen, signals, consultations, talks,
wegingen, the answers of stap 5 and every besluit (with the framework version's id, versie and
content hash), meldingen, hulpplannen, evaluations, closings, kindchecks and zienswijzen — with
its free text decrypted into the file, and the file encrypted with a passphrase
(sleutels.wachtwoordbestand). What stays behind: who at A recorded what (user names and ids;
the receiving side sees "<organisation A> (overgedragen)" as the recorder), shares with A's
colleagues, A's audit trail and access log.

The framework version is kept: B must have the exact version (same content hash) already
loaded, or the import is refused with the version to load — a transfer never brings a framework
into a deployment (that is the kaderbeheerder's lifecycle, docs/adr/0006). Every besluit is
recomputed
by the engine on B's copy of that version and must decide exactly as stored, or nothing is
imported. The import is one transaction: a refusal leaves nothing behind.

Both sides are logged: A's export in its audit trail (``casus.geexporteerd``) and access log
(*exporteren*), B's import in its audit trail (``casus.geimporteerd``) and access log
(*importeren*).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meldwijzer import json_diepte
from meldwijzer.accounts.models import Membership, User
from meldwijzer.accounts.permissions import (
    mag_casus_naar_organisatie_overdragen,
    mag_overgedragen_casus_ontvangen,
    toegangsgrond,
)
from meldwijzer.audit.models import Toegang
from meldwijzer.audit.services import json_waarde, leg_vast, log_toegang
from meldwijzer.catalogus.models import KaderVersie
from meldwijzer.dossier.models import (
    AfsluitAfspraak,
    Afsluiting,
    AfspraakVeiligThuis,
    Antwoord,
    Besluit,
    Betrokkene,
    Casus,
    Consultatie,
    Correctie,
    Evaluatie,
    Fase,
    Gesprek,
    HulpBuitenMeldcode,
    Hulpplan,
    Kindcheck,
    Melding,
    Signaal,
    TerugkoppelingVeiligThuis,
    Weging,
    Zienswijze,
)
from meldwijzer.dossier.services.bouwstenen import markeer_bijgewerkt
from meldwijzer.dossier.services.casus import maak_kenmerk
from meldwijzer.dossier.services.overdracht_inhoud import binnen_de_inhoud, hernummer, onleesbaar
from meldwijzer.sleutels import sleutelring, wachtwoordbestand
from meldwijzer.sleutels.zoekindex import zoekwaarde

FORMAAT = "meldwijzer-overdracht/1"

# Every model of a casus's content, parents before children; each with the path to its casus.
MODELLEN: tuple[tuple[type[models.Model], str], ...] = (
    (Betrokkene, "casus"),
    (Signaal, "casus"),
    (Consultatie, "casus"),
    (Gesprek, "casus"),
    (Weging, "casus"),
    (Antwoord, "casus"),
    (Besluit, "casus"),
    (Melding, "casus"),
    (AfspraakVeiligThuis, "casus"),
    (TerugkoppelingVeiligThuis, "casus"),
    (HulpBuitenMeldcode, "casus"),
    (Hulpplan, "casus"),
    (Evaluatie, "casus"),
    (Afsluiting, "casus"),
    (AfsluitAfspraak, "afsluiting__casus"),
    (Kindcheck, "casus"),
    (Zienswijze, "casus"),
    # Last: a correction names its record by kind and number (docs/adr/0019).
    (Correctie, "casus"),
)
NAMEN = {model._meta.model_name: model for model, _pad in MODELLEN}
# Fields that do not travel: row ids are replaced by the file's own numbering, the blind index
# is keyed per organisation (recomputed on import).
NIET_MEE = {"id", "casus", "zoekindex"}
# Fields added after the first files of this format were written: a file without them still
# imports, with their defaults (nothing corrected, nothing withdrawn, no sources recorded).
LATER_TOEGEVOEGD = frozenset({"gecorrigeerd_op", "ingetrokken_op", "bronnen"})
# A besluit's answers name who answered at A; the receiving side gets the organisation instead.
ANTWOORD_PERSOON = ("beantwoord_door", "beantwoord_door_id")


@dataclass(frozen=True)
class Export:
    inhoud: bytes
    bestandsnaam: str
    sha256: str


def _gebruikersvelden(model: type[models.Model]) -> list[str]:
    return [
        f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is User
    ]


def _velden(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    gebruikers = set(_gebruikersvelden(model))
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in NIET_MEE and f.name not in gebruikers
    ]


def _waarde(
    rij: models.Model, veld: models.Field[Any, Any], nummers: dict[str, dict[int, int]]
) -> Any:
    if veld.is_relation:
        if veld.related_model is KaderVersie:
            versie = getattr(rij, veld.name)
            return versie.hash if versie is not None else None
        doel = getattr(rij, veld.attname)
        if doel is None:
            return None
        # The parent row's number in this file (parents come first, and a row that replaces
        # another has the later pk). A parent outside this casus is a broken invariant: fail
        # loudly rather than carry another casus's row id.
        ouder = veld.related_model
        assert isinstance(ouder, type) and ouder._meta.model_name  # a resolved relation
        return nummers[ouder._meta.model_name][doel]
    waarde = getattr(rij, veld.attname)
    if isinstance(waarde, sleutelring.Onleesbaar):
        raise ValidationError(
            _(
                "Deze casus kan niet worden overgedragen: een deel van de inhoud is niet meer te "
                "ontsleutelen (de sleutel is vernietigd)."
            )
        )
    if veld.name == "antwoorden" and isinstance(rij, Besluit):
        waarde = [
            {
                **{k: v for k, v in a.items() if k not in ANTWOORD_PERSOON},
                **(
                    {"bronnen": hernummer(a["bronnen"], nummers["signaal"])}
                    if "bronnen" in a
                    else {}
                ),
            }
            for a in waarde
        ]
    elif veld.name == "bronnen" and isinstance(rij, Antwoord):
        waarde = hernummer(waarde, nummers["signaal"])
    elif veld.name == "object_id" and isinstance(rij, Correctie):
        waarde = nummers[rij.soort][waarde]
    return json_waarde(waarde)


def casus_als_dict(casus: Casus) -> dict[str, Any]:
    """The casus's content as the export carries it (before encryption)."""
    rijen: dict[str, list[dict[str, Any]]] = {}
    # Rows are numbered 1, 2, … per kind in the file: the sender's database ids (which say how
    # many rows the whole deployment holds) stay behind.
    nummers: dict[str, dict[int, int]] = {}
    hashes = {casus.kader_versie.hash}
    for model, pad in MODELLEN:
        velden = _velden(model)
        lijst = []
        eigen = nummers.setdefault(model._meta.model_name, {})  # type: ignore[arg-type]
        kaderveld = [v.name for v in velden if v.is_relation and v.related_model is KaderVersie]
        rijen_van_model = (
            model._default_manager.filter(**{pad: casus}).select_related(*kaderveld).order_by("pk")
        )
        for nummer, rij in enumerate(rijen_van_model, start=1):
            eigen[rij.pk] = nummer
            gegevens = {"id": nummer}
            gegevens.update({v.name: _waarde(rij, v, nummers) for v in velden})
            lijst.append(gegevens)
            if isinstance(rij, Besluit):
                hashes.add(rij.kader_versie.hash)
        rijen[model._meta.model_name] = lijst  # type: ignore[index]
    kaders = KaderVersie.objects.filter(hash__in=hashes).order_by("kader_id", "versie")
    for waarde in (casus.titel, casus.conclusie):
        if isinstance(waarde, sleutelring.Onleesbaar):
            raise ValidationError(_("De inhoud van deze casus is niet meer te ontsleutelen."))
    return {
        "formaat": FORMAAT,
        "gemaakt_op": timezone.now().isoformat(timespec="seconds"),
        "van": {"organisatie": casus.organisatie.naam},
        "kaderversies": [{"id": k.kader_id, "versie": k.versie, "hash": k.hash} for k in kaders],
        "casus": {
            "kenmerk": casus.kenmerk,
            "titel": casus.titel,
            "conclusie": casus.conclusie,
            "route": casus.route,
            "fase": casus.fase,
            "ronde": casus.ronde,
            "aangemaakt_op": json_waarde(casus.aangemaakt_op),
            "afgesloten_op": json_waarde(casus.afgesloten_op),
            "kader_versie": casus.kader_versie.hash,
        },
        "rijen": rijen,
    }


def _wachtwoord(wachtwoord: str | None) -> str:
    if not wachtwoord or len(wachtwoord) < wachtwoordbestand.MINIMALE_LENGTE:
        raise ValidationError(
            {
                "wachtwoord": [
                    _(
                        "Kies een wachtwoord van minstens %(n)s tekens, bijvoorbeeld vier losse "
                        "woorden; geef het de ontvanger op een andere manier dan het bestand."
                    )
                    % {"n": wachtwoordbestand.MINIMALE_LENGTE}
                ]
            }
        )
    return wachtwoord


@transaction.atomic
def exporteer_casus(
    *,
    actor: Membership,
    casus: Casus,
    wachtwoord: str | None,
    ontvanger: str = "",
    ip_adres: str | None = None,
) -> Export:
    """The encrypted transfer file of a casus, by its owner or the aandachtsfunctionaris;
    recorded in A's audit trail and access log."""
    if not mag_casus_naar_organisatie_overdragen(actor, casus):
        raise PermissionDenied(
            _(
                "Alleen de eigenaar of de aandachtsfunctionaris kan deze casus aan een andere "
                "organisatie overdragen."
            )
        )
    wachtwoord = _wachtwoord(wachtwoord)
    ontvanger = (ontvanger or "").strip()[:200]
    inhoud = json.dumps(casus_als_dict(casus), ensure_ascii=False, sort_keys=True).encode()
    bestand = wachtwoordbestand.versleutel(
        inhoud,
        wachtwoord,
        openbaar={
            "inhoud": FORMAAT,
            "let_op": "Vertrouwelijk: een casus uit de Meldcode, versleuteld. Deel het "
            "wachtwoord niet samen met dit bestand.",
        },
    )
    sha = hashlib.sha256(bestand).hexdigest()
    leg_vast(
        actor=actor,
        soort="casus.geexporteerd",
        casus=casus,
        obj=casus,
        nieuw={"ontvanger": ontvanger, "bestand_sha256": sha, "formaat": FORMAAT},
    )
    grondslag, namens = toegangsgrond(actor, casus)
    log_toegang(
        membership=actor,
        onderdeel="casus.overdracht",
        casus=casus,
        actie=Toegang.Actie.EXPORTEREN,
        grondslag=grondslag,
        namens_id=namens,
        details={"ontvanger": ontvanger, "bestand_sha256": sha},
        ip_adres=ip_adres,
    )
    return Export(bestand, f"overdracht-{casus.kenmerk}.meldwijzer.json", sha)


def _bronaccount(organisatie_naam: str) -> User:
    """The recorder the receiving side sees for everything recorded at A: the organisation, not
    its people. An account that cannot log in (inactive, no password, no membership)."""
    naam = f"overdracht-{hashlib.sha256(organisatie_naam.encode()).hexdigest()[:16]}"
    user, nieuw = User.objects.get_or_create(
        username=naam,
        defaults={"first_name": f"{organisatie_naam} (overgedragen)"[:150], "is_active": False},
    )
    if nieuw:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _kaderversies(data: dict[str, Any]) -> dict[str, KaderVersie]:
    verwijzingen = data.get("kaderversies")
    if not isinstance(verwijzingen, list) or not verwijzingen:
        raise onleesbaar("kaderversies")
    gevonden: dict[str, KaderVersie] = {}
    for v in verwijzingen:
        if not isinstance(v, dict):
            raise onleesbaar("kaderversies")
        versie = KaderVersie.objects.filter(hash=v.get("hash")).first()
        if versie is None:
            raise ValidationError(
                _(
                    "Deze casus is vastgelegd onder afwegingskader %(id)s versie %(versie)s "
                    "(inhoudshash %(hash)s), en die versie is in deze Meldwijzer niet geladen. "
                    "Vraag de beheerder van Meldwijzer die versie te importeren (meldwijzer "
                    "kader importeer) en probeer het daarna opnieuw. Er is niets opgeslagen."
                )
                % {
                    "id": str(v.get("id"))[:80],
                    "versie": str(v.get("versie"))[:80],
                    "hash": str(v.get("hash"))[:12],
                }
            )
        if not versie.is_vastgesteld:
            # Only a file re-encrypted by hand can name a concept: the export only ever holds
            # the published version a casus was pinned to.
            raise ValidationError(
                _(
                    "Dit bestand zet de casus onder afwegingskader %(id)s versie %(versie)s, en "
                    "die versie is hier nog een concept. Een casus staat alleen onder een "
                    "vastgestelde versie; vraag de afzender om een nieuw overdrachtsbestand. Er "
                    "is niets opgeslagen."
                )
                % {"id": versie.kader_id, "versie": versie.versie}
            )
        gevonden[versie.hash] = versie
    return gevonden


def _rij(
    model: type[models.Model],
    gegevens: Any,
    *,
    casus: Casus,
    bron: User,
    nieuwe_ids: dict[str, dict[int, int]],
    kaders: dict[str, KaderVersie],
    van: str,
) -> models.Model:
    naam = model._meta.model_name
    velden = {v.name: v for v in _velden(model)}
    if not isinstance(gegevens, dict) or not (
        set(gegevens) <= {"id", *velden} and {"id", *velden} - set(gegevens) <= LATER_TOEGEVOEGD
    ):
        raise onleesbaar(f"{naam}: velden")
    waarden: dict[str, Any] = {}
    for veldnaam, veld in velden.items():
        if veldnaam not in gegevens:
            continue  # a field this file predates: its default
        waarde = gegevens[veldnaam]
        if veld.is_relation:
            waarden[veld.attname] = _verwijzing(naam, veld, waarde, nieuwe_ids, kaders)
        elif isinstance(veld, models.JSONField):
            waarden[veldnaam] = waarde
        else:
            try:
                waarden[veldnaam] = veld.to_python(waarde)
            except ValidationError as fout:
                raise onleesbaar(f"{naam}: {veldnaam}") from fout
    binnen_de_inhoud(model, waarden, nieuwe_ids, van=van, naam=naam)
    if "casus" in {f.name for f in model._meta.concrete_fields}:
        waarden["casus"] = casus
    for veldnaam in _gebruikersvelden(model):
        waarden[veldnaam] = bron
    rij = model(**waarden)
    if isinstance(rij, Betrokkene):
        rij.zoekindex = zoekwaarde(casus.organisatie_id, rij.naam, rij.geboortedatum)
    _valideer(rij, velden.values())
    rij.save()  # the database checks the rest (not null, check constraints): IntegrityError
    return rij


def _verwijzing(
    naam: str | None,
    veld: Any,
    waarde: Any,
    nieuwe_ids: dict[str, dict[int, int]],
    kaders: dict[str, KaderVersie],
) -> int | None:
    """A reference in the file as a key here: a framework version by its hash, a record of
    the transfer by its new id."""
    if waarde is None:
        return None
    if veld.related_model is KaderVersie:
        if waarde not in kaders:
            raise onleesbaar(f"{naam}: kaderversie")
        return int(kaders[waarde].pk)
    doel = nieuwe_ids.get(veld.related_model._meta.model_name, {})
    if not isinstance(waarde, int) or waarde not in doel:
        raise onleesbaar(f"{naam}: verwijzing {veld.name}")
    return doel[waarde]


def _valideer(rij: models.Model, velden: Any) -> None:
    """Choices, lengths and value validators of every filled-in field; empty values are left to
    the database (the services store empty lists and texts that forms would call blank)."""
    for veld in velden:
        if veld.is_relation:
            continue
        waarde = getattr(rij, veld.attname)
        if waarde in veld.empty_values:
            continue
        try:
            veld.clean(waarde, rij)
        except ValidationError as fout:
            naam = rij._meta.model_name
            raise onleesbaar(f"{naam}.{veld.name}: {'; '.join(fout.messages)[:200]}") from fout


@transaction.atomic
def importeer_casus(
    *,
    actor: Membership,
    bestand: bytes | None,
    wachtwoord: str | None,
    ip_adres: str | None = None,
) -> Casus:
    """A transferred casus as a new casus of the actor's organisation, owned by the actor.

    Refused with a Dutch ``ValidationError`` — and nothing stored — when the file cannot be
    read (wrong passphrase, tampered with, not this format), when a framework version is not
    loaded here, or when a besluit does not decide the same on recomputation.
    """
    if not mag_overgedragen_casus_ontvangen(actor):
        raise PermissionDenied(_("Uw rol kan geen casus van een andere organisatie ontvangen."))
    if not bestand:
        raise ValidationError({"bestand": [_("Kies het bestand dat u van de afzender kreeg.")]})
    if not wachtwoord:
        raise ValidationError({"wachtwoord": [_("Vul het wachtwoord van het bestand in.")]})
    try:
        _kop, inhoud = wachtwoordbestand.ontsleutel(bestand, wachtwoord)
        data = lees_json(inhoud)
    except wachtwoordbestand.BestandFout as fout:
        raise onleesbaar() from fout
    if not isinstance(data, dict) or data.get("formaat") != FORMAAT:
        raise onleesbaar("formaat")
    try:
        with transaction.atomic():
            return _importeer(actor, data, bestand, ip_adres)
    except (IntegrityError, KeyError, TypeError, ValueError, AttributeError) as fout:
        # A file that decrypts but whose content does not fit (crafted by someone holding the
        # passphrase): refused like any unreadable file, nothing stored.
        raise onleesbaar(type(fout).__name__) from fout


def lees_json(inhoud: bytes) -> Any:
    """The decrypted content as JSON, nesting bounded (``json_diepte``); ``ValidationError``
    for anything that is not."""
    try:
        return json_diepte.lees(inhoud)
    except json_diepte.TeDiepGenest as fout:
        raise onleesbaar(str(fout)) from fout
    except ValueError as fout:
        raise onleesbaar() from fout


def _importeer(
    actor: Membership, data: dict[str, Any], bestand: bytes, ip_adres: str | None
) -> Casus:
    kaders = _kaderversies(data)
    gegevens = data.get("casus")
    rijen = data.get("rijen")
    van = str((data.get("van") or {}).get("organisatie") or "")[:150]
    if not isinstance(gegevens, dict) or not isinstance(rijen, dict) or not van:
        raise onleesbaar("casus")
    if set(rijen) != set(NAMEN):
        raise onleesbaar("onderdelen")
    versie = kaders.get(str(gegevens.get("kader_versie")))
    if versie is None:
        raise onleesbaar("kaderversie van de casus")
    casus = Casus(
        organisatie_id=actor.organisatie_id,
        eigenaar_id=actor.user_id,
        kenmerk=maak_kenmerk(actor.organisatie_id),
        titel=str(gegevens["titel"])[:200],
        conclusie=str(gegevens.get("conclusie") or ""),
        kader_versie=versie,
        route=str(gegevens.get("route") or ""),
        fase=gegevens["fase"],
        ronde=int(gegevens["ronde"]),
        aangemaakt_op=_tijdstip(gegevens.get("aangemaakt_op")) or timezone.now(),
        afgesloten_op=_tijdstip(gegevens.get("afgesloten_op")),
    )
    _valideer(casus, [Casus._meta.get_field(n) for n in ("titel", "route", "fase", "ronde")])
    casus.save()
    bron = _bronaccount(van)
    nieuwe_ids: dict[str, dict[int, int]] = {}
    aantallen: dict[str, int] = {}
    for model, _pad in MODELLEN:
        naam = model._meta.model_name
        # A file from before corrections existed has none.
        lijst = rijen.get(naam, []) if model is Correctie else rijen[naam]
        if not isinstance(lijst, list):
            raise onleesbaar(naam)  # type: ignore[arg-type]
        ids = nieuwe_ids.setdefault(naam, {})  # type: ignore[arg-type]
        for item in lijst:
            rij = _rij(
                model,
                item,
                casus=casus,
                bron=bron,
                nieuwe_ids=nieuwe_ids,
                kaders=kaders,
                van=van,
            )
            if not isinstance(item.get("id"), int) or item["id"] in ids:
                raise onleesbaar(f"{naam}: id")
            ids[item["id"]] = rij.pk
        aantallen[naam] = len(lijst)  # type: ignore[index]
    _controleer_besluiten(casus, rijen["besluit"])
    nieuw = {
        "van_organisatie": van,
        "oorspronkelijk_kenmerk": str(gegevens.get("kenmerk", ""))[:20],
        "bestand_sha256": hashlib.sha256(bestand).hexdigest(),
        "kaderversies": sorted(f"{k.verwijzing} ({k.hash[:12]})" for k in kaders.values()),
        "aantallen": aantallen,
    }
    leg_vast(actor=actor, soort="casus.geimporteerd", casus=casus, obj=casus, nieuw=nieuw)
    log_toegang(
        membership=actor,
        onderdeel="casus.overdracht",
        casus=casus,
        actie=Toegang.Actie.IMPORTEREN,
        grondslag="eigenaar",
        details={"van_organisatie": van, "bestand_sha256": nieuw["bestand_sha256"]},
        ip_adres=ip_adres,
    )
    markeer_bijgewerkt(casus)
    return casus


def _tijdstip(waarde: Any) -> dt.datetime | None:
    if waarde in (None, ""):
        return None
    tijd = dt.datetime.fromisoformat(str(waarde))
    return tijd if timezone.is_aware(tijd) else timezone.make_aware(tijd)


def _controleer_besluiten(casus: Casus, uit_bestand: list[dict[str, Any]]) -> None:
    """Every besluit, recomputed by the engine on this side's copy of its framework version,
    decides exactly as stored at A (DESIGN.md: nothing decided elsewhere is trusted)."""
    opgeslagen = {b["volgnummer"]: b["uitkomst"] for b in uit_bestand}
    for besluit in Besluit.objects.filter(casus=casus).select_related("kader_versie"):
        herberekend = json_waarde(besluit.herbereken())
        if herberekend != json_waarde(opgeslagen.get(besluit.volgnummer)):
            raise ValidationError(
                _(
                    "Besluit %(n)s van deze casus beslist op afwegingskader %(kader)s hier niet "
                    "hetzelfde als bij de afzender. Het bestand is niet betrouwbaar; er is niets "
                    "opgeslagen."
                )
                % {"n": besluit.volgnummer, "kader": besluit.kader_versie.verwijzing}
            )
    if casus.fase not in Fase.values:
        raise onleesbaar("fase")
