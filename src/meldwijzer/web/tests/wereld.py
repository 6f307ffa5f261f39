"""A small world for the attack tests: two organisations, every role, a casus with text in every
field, and every address of the app taken from the URL resolver.

Shared by the role matrix, the canary crawl and the XSS tests, so each attack runs against the
same complete picture — including models and pages added later, which the resolver and the
model registry bring in without edits here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from meldwijzer.accounts.models import Membership, Organisatie, Rol, User
from meldwijzer.accounts.testing import meld_aan
from meldwijzer.accounts.tests.bouwers import WACHTWOORD
from meldwijzer.api.adres import URLCONF_MET_API
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Casus
from meldwijzer.dossier.tests.bouwers import maak_klaar_voor_stap5
from meldwijzer.meldcode.secties import SECTIE_SLEUTELS
from meldwijzer.meldcode.services import maak_versie, sla_eigen_teksten_op, stel_vast
from meldwijzer.socialekaart.services import voeg_contact_toe

# Identifiers the engine or the routing reads: filled by the services, never with free text.
STRUCTURELE_VELDEN = frozenset(
    {"route", "afweging", "antwoord", "kader_id", "versie", "hash", "zoekindex"}
)


@dataclass(frozen=True)
class Adres:
    naam: str  # "web:casus", "set_language"
    route: str  # the pattern, for messages
    parameters: tuple[str, ...]

    @property
    def casusgebonden(self) -> bool:
        return "casus_id" in self.parameters


def alle_adressen() -> list[Adres]:
    """Every named address of the app, web and API, from the resolver (nothing listed by hand):
    the URLconf of an API request holds both (meldwijzer.api.adres)."""

    def loop(patronen: list[Any], voorvoegsel: str, namespace: str | None) -> Iterator[Adres]:
        for patroon in patronen:
            if isinstance(patroon, URLResolver):
                ns = patroon.namespace or namespace
                yield from loop(patroon.url_patterns, voorvoegsel + str(patroon.pattern), ns)
            elif isinstance(patroon, URLPattern):
                assert patroon.name, f"address without a name: {voorvoegsel}{patroon.pattern}"
                naam = f"{namespace}:{patroon.name}" if namespace else patroon.name
                yield Adres(
                    naam,
                    voorvoegsel + str(patroon.pattern),
                    tuple(patroon.pattern.converters),
                )

    return list(loop(get_resolver(URLCONF_MET_API).url_patterns, "/", None))


def url(adres: Adres, waarden: dict[str, Any]) -> str:
    ontbrekend = [p for p in adres.parameters if p not in waarden]
    assert not ontbrekend, (
        f"{adres.naam} ({adres.route}) has parameters {ontbrekend} the attack tests do not know: "
        "add an example value in web/tests/wereld.py (Wereld.waarden)."
    )
    return reverse(
        adres.naam, kwargs={p: waarden[p] for p in adres.parameters}, urlconf=URLCONF_MET_API
    )


def inhoud(antwoord: Any) -> str:
    """The body of a response as text, also of a streamed one (the CSV export of the log)."""
    if getattr(antwoord, "streaming", False):
        return b"".join(antwoord.streaming_content).decode(errors="replace")
    return antwoord.content.decode(errors="replace")


class _Terugdraaien(Exception):
    pass


def zonder_gevolgen(verzoek: Callable[[], Any]) -> Any:
    """Run one request and roll back whatever it wrote: a walk over every address with empty
    POSTs must not change the world for the next address (withdraw a share, close a casus)."""
    uitkomst: list[Any] = []
    try:
        with transaction.atomic():
            uitkomst.append(verzoek())
            raise _Terugdraaien
    except _Terugdraaien:
        pass
    return uitkomst[0]


def _voorbeeldwaarde(veld: models.Field, tekst: Callable[[str, int | None], str]) -> Any:
    if veld.choices:
        return veld.choices[0][0]
    if isinstance(veld, models.CharField | models.TextField):
        return tekst(veld.name, veld.max_length)
    if isinstance(veld, models.DateTimeField):
        return timezone.now()
    if isinstance(veld, models.DateField):
        return timezone.localdate() - dt.timedelta(days=1)
    if isinstance(veld, models.BooleanField):
        return False
    if isinstance(veld, models.IntegerField | models.DecimalField | models.FloatField):
        return 1
    if isinstance(veld, models.JSONField):
        return []
    return None


def vul_tekstvelden(
    casus: Casus,
    gebruiker: User,
    tekst: Callable[[str, int | None], str],
    *,
    overslaan: frozenset[str] = frozenset(),
) -> None:
    """Put ``tekst(veldnaam, max_length)`` in every free-text field of every row of this casus,
    in every dossier model; a model without a row for this casus gets one where its required
    fields can be filled generically. (Direct to the database: the services are tested
    elsewhere; here every stored text must come back safely, whatever wrote it.)"""
    for model in apps.get_app_config("dossier").get_models():
        rijen: models.QuerySet[models.Model]
        if model is Casus:
            rijen = Casus.objects.filter(pk=casus.pk)
        elif any(
            f.is_relation and f.related_model is Casus and f.name == "casus"
            for f in model._meta.concrete_fields
        ):
            rijen = model._default_manager.filter(casus=casus)
            if not rijen.exists():
                _maak_rij(model, casus, gebruiker, tekst)
        else:
            continue
        for rij in rijen:
            for veld in rij._meta.concrete_fields:
                if (
                    isinstance(veld, models.CharField | models.TextField)
                    and not veld.choices
                    and veld.name not in STRUCTURELE_VELDEN | overslaan
                ):
                    setattr(rij, veld.attname, tekst(veld.name, veld.max_length))
            try:
                with transaction.atomic():
                    models.Model.save(rij)  # past any save() override: this is a fixture
            except (IntegrityError, ValueError):
                pass


def _maak_rij(
    model: type[models.Model], casus: Casus, gebruiker: User, tekst: Callable[..., str]
) -> None:
    waarden: dict[str, Any] = {}
    for veld in model._meta.concrete_fields:
        if veld.primary_key or veld.has_default() or veld.null:
            continue
        if veld.is_relation:
            if veld.related_model is Casus:
                waarden[veld.name] = casus
            elif veld.related_model is User:
                waarden[veld.name] = gebruiker
            else:
                return  # needs another row first; the services create those
            continue
        if isinstance(veld, models.DateTimeField) and (veld.auto_now or veld.auto_now_add):
            continue
        waarden[veld.name] = _voorbeeldwaarde(veld, tekst)
    if "ronde" in {f.name for f in model._meta.concrete_fields}:
        waarden.setdefault("ronde", casus.ronde)
    try:
        with transaction.atomic():
            rij = model(**waarden)
            models.Model.save(rij)
    except (IntegrityError, ValueError, TypeError):
        pass


def vul_casus_via_diensten(actor: Membership, casus: Casus) -> None:
    """A casus with a record of each step, a spoedmelding and a besluit, written the normal
    way (so pages about one melding, besluit, … have an object to show)."""
    services.voeg_betrokkene_toe(
        actor=actor, casus=casus, rol="kind", relatie="leerling", leeftijd=8, naam="Kind"
    )
    maak_klaar_voor_stap5(actor, casus)
    with contextlib.suppress(ValidationError, TypeError):
        services.leg_melding_vast(
            actor=actor,
            casus=casus,
            datum=timezone.localdate() - dt.timedelta(days=1),
            wijze="telefoon",
            vt_contact="Veilig Thuis, de dienstdoende",
            vooraf_geinformeerd=True,
            hoe_geinformeerd="Telefonisch, vooraf.",
            spoed=True,
            spoed_reden="Acuut gevaar.",
        )
    services.beantwoord_afweging(
        actor=actor,
        casus=casus,
        afweging="1",
        antwoord="nee",
        toelichting="Geen vermoeden na het gesprek.",
    )


def _correctie_ids(casus: Casus) -> dict[str, Any]:
    """The addresses that correct or withdraw any kind of record: a signaal of this casus."""
    from meldwijzer.dossier.models import Signaal

    eerste = Signaal.objects.filter(casus=casus).order_by("pk").first()
    return {"soort": "signaal", "item_id": eerste.pk if eerste else 0}


def voorbeeld_ids(casus: Casus) -> dict[str, Any]:
    """For every ``<model>_id`` parameter of an address: a row of that dossier model in this
    casus (``melding_id`` → a Melding of the casus)."""
    ids: dict[str, Any] = {}
    for adres in alle_adressen():
        for parameter in adres.parameters:
            if not parameter.endswith("_id") or parameter in ("casus_id", "membership_id"):
                continue
            stam = parameter.removesuffix("_id")
            # melding_id → Melding; deling_id → CasusDeling
            kandidaten = [
                m
                for m in apps.get_app_config("dossier").get_models()
                if m.__name__.lower() == stam or m.__name__.lower().endswith(stam)
            ]
            if not kandidaten:
                continue
            model = min(kandidaten, key=lambda m: len(m.__name__))
            velden = {f.name for f in model._meta.concrete_fields}
            if "casus" in velden:
                rij = model._default_manager.filter(casus=casus).order_by("pk").first()
                if rij is not None:
                    ids[parameter] = rij.pk
    return ids


@dataclass
class Wereld:
    """Organisation A (with a casus of the eigenaar, shared with two colleagues) and B."""

    org_a: Organisatie
    org_b: Organisatie
    leden: dict[str, Membership]
    casus_a: Casus
    casus_b: Casus
    waarden: dict[str, Any] = field(default_factory=dict)
    waarden_b: dict[str, Any] = field(default_factory=dict)

    def client(self, wie: str) -> Client:
        lid = self.leden[wie]
        return meld_aan(Client(), lid.user)


def _lid(naam: str, rol: str, organisatie: Organisatie, **extra: str) -> Membership:
    user = User.objects.create_user(naam, password=WACHTWOORD, **extra)
    return Membership.objects.create(user=user, organisatie=organisatie, rol=rol)


def kader_van_beroepsorganisatie(organisatie: Organisatie) -> Any:
    """A published framework of the kaderbeheerder's beroepsorganisatie (docs/adr/0006): the shipped
    GP example under an id of its own, so the kaderbeheerder's pages have a version to act on."""
    from meldwijzer.catalogus.services import importeer_kadertekst, publiceer_kaderversie
    from meldwijzer.kader import meegeleverde_kaders

    tekst = meegeleverde_kaders()["voorbeeld-huisarts"].read_text(encoding="utf-8")
    tekst = tekst.replace("id: voorbeeld-huisarts", "id: beroep-wereld", 1)
    uitslag = importeer_kadertekst(tekst, "beroep-wereld.yaml", beroepsorganisatie=organisatie)
    assert uitslag.versie is not None, uitslag.problemen
    return publiceer_kaderversie(uitslag.versie, geldig_vanaf=timezone.localdate())


def _oefenen(
    leden: dict[str, Membership], tekst_b: Callable[[str, int | None], str] | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """An oefencasus in each organisation, each with a completed attempt of a beroepskracht
    (the eigenaar in A); in B with the canary text in its title, vignet and toelichting."""
    from meldwijzer.oefenen import services as oefenen
    from meldwijzer.oefenen.tests.bouwers import VERWACHT, VIGNET

    uit = []
    for af, bk, tekst in (("af", "eigenaar", None), ("af_b", "bk_b", tekst_b)):
        oefencasus = oefenen.schrijf_oefencasus(
            actor=leden[af],
            titel=tekst("titel", 200) if tekst else "Dreiging met een mes",
            vignet=tekst("vignet", None) if tekst else VIGNET,
            route="standaard",
            antwoorden=VERWACHT,
            signalen=["acuut.wapen"],
        )
        poging = oefenen.begin_poging(actor=leden[bk], oefencasus=oefencasus)
        poging = oefenen.beantwoord_oefening(
            actor=leden[bk],
            poging=poging,
            afweging="1",
            antwoord="nee",
            toelichting=tekst("toelichting", None) if tekst else "Geen zorgen.",
        )
        uit.append({"oefencasus_id": oefencasus.uuid, "poging_id": poging.uuid})
    return uit[0], uit[1]


def bouw_wereld(*, tekst_b: Callable[[str, int | None], str] | None = None) -> Wereld:
    org_a = Organisatie.objects.create(naam="Basisschool De Linde")
    org_b = Organisatie.objects.create(naam="Huisartsenpraktijk Het Baken")
    # A beroepsorganisatie: its kaderbeheerder writes frameworks for every organisation.
    org_kb = Organisatie.objects.create(naam="Beroepsvereniging Voorbeeld")
    leden = {
        "eigenaar": _lid("eigenaar", Rol.BEROEPSKRACHT, org_a),
        "collega": _lid("collega", Rol.BEROEPSKRACHT, org_a),
        "lezer": _lid("lezer", Rol.BEROEPSKRACHT, org_a),
        "schrijver": _lid("schrijver", Rol.BEROEPSKRACHT, org_a),
        "af": _lid("af", Rol.AANDACHTSFUNCTIONARIS, org_a),
        "beheerder": _lid("beheerder", Rol.BEHEERDER, org_a),
        "po": _lid("po", Rol.PRIVACY_OFFICER, org_a),
        "bk_b": _lid("bk_b", Rol.BEROEPSKRACHT, org_b),
        "af_b": _lid("af_b", Rol.AANDACHTSFUNCTIONARIS, org_b),
        "beheerder_b": _lid("beheerder_b", Rol.BEHEERDER, org_b),
        "po_b": _lid("po_b", Rol.PRIVACY_OFFICER, org_b),
        "kb": _lid("kb", Rol.KADERBEHEERDER, org_kb),
    }
    casus_a = services.open_casus(actor=leden["eigenaar"], titel="Zorgen over leerling groep 5")
    vul_casus_via_diensten(leden["eigenaar"], casus_a)
    deling = apps.get_model("dossier", "CasusDeling")
    for wie, recht in (("lezer", "lezen"), ("schrijver", "schrijven")):
        deling.objects.create(
            casus=casus_a, met=leden[wie].user, recht=recht, gedeeld_door=leden["eigenaar"].user
        )
    casus_b = services.open_casus(actor=leden["bk_b"], titel="Zorgen over een patiënt")
    vul_casus_via_diensten(leden["bk_b"], casus_b)
    if tekst_b is not None:
        vul_tekstvelden(casus_b, leden["bk_b"].user, tekst_b)
        for wie in ("bk_b", "af_b", "beheerder_b", "po_b"):
            user = leden[wie].user
            user.first_name = tekst_b("first_name", 150)
            user.last_name = tekst_b("last_name", 150)
            user.save()
    wereld = Wereld(org_a, org_b, leden, casus_a, casus_b)
    oefenen_a, oefenen_b = _oefenen(leden, tekst_b)
    kaderversie = kader_van_beroepsorganisatie(org_kb)
    contact_a, contact_b = (
        voeg_contact_toe(
            actor=leden[wie],
            soort="veilig_thuis",
            naam=f"Veilig Thuis van {wie}",
            waarvoor="Advies en melden",
            telefoon="0800-2000",
        )
        for wie in ("beheerder", "beheerder_b")
    )
    # Organisation A has an adopted meldcode, version 1 (B has none): staff of A read it.
    sla_eigen_teksten_op(
        actor=leden["beheerder"], teksten=dict.fromkeys(SECTIE_SLEUTELS, "Zo doen wij dat.")
    )
    stel_vast(
        actor=leden["beheerder"],
        versie_id=maak_versie(actor=leden["beheerder"]).pk,
        vastgesteld_op=timezone.localdate(),
    )
    wereld.waarden = {
        **voorbeeld_ids(casus_a),
        "casus_id": casus_a.uuid,
        "volgnummer": 1,
        "membership_id": leden["collega"].pk,
        "actie": "ontgrendelen",  # harmless: the other actions change the world mid-test
        "kaderversie_id": kaderversie.pk,
        "taal": "en",
        "contact_id": contact_a.pk,
        **_correctie_ids(casus_a),
        **oefenen_a,
    }
    wereld.waarden_b = {
        **voorbeeld_ids(casus_b),
        "casus_id": casus_b.uuid,
        "volgnummer": 1,
        "membership_id": leden["bk_b"].pk,
        "actie": "ontgrendelen",
        "kaderversie_id": kaderversie.pk,
        "taal": "en",
        "contact_id": contact_b.pk,
        **_correctie_ids(casus_b),
        **oefenen_b,
    }
    return wereld
