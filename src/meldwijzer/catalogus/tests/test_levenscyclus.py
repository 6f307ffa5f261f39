"""Framework versions in the database (docs/adr/0006): import with every error by line, concept →
vastgesteld with a validity period that never overlaps, immutability of a published version,
the organisation's choice and pinning. A running casus switching version is the dossier's
(dossier/tests/test_kaderwissel.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml
from django.core.exceptions import PermissionDenied, ValidationError

from meldwijzer.accounts.models import Membership, Organisatie, Rol
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.catalogus import beheer
from meldwijzer.catalogus import selectors as kaderselectors
from meldwijzer.catalogus import services as kaders
from meldwijzer.catalogus.models import (
    Kaderkeuze,
    KaderStatus,
    KaderVersie,
    KaderVersieOnveranderlijk,
)
from meldwijzer.catalogus.tests.bouwers import DAG, KADERS, VANDAAG, importeer, minimaal, onderwijs
from meldwijzer.dossier import lijsten, services
from meldwijzer.dossier.models import Casus
from meldwijzer.dossier.tests.bouwers import beantwoord, maak_klaar_voor_stap5
from meldwijzer.kader import OnleesbaarKader, meegeleverde_kaders

pytestmark = pytest.mark.django_db

KAPOT = KADERS / "kapot"
VERWACHT: dict[str, dict[str, object]] = yaml.safe_load((KAPOT / "verwacht.yaml").read_text())


@pytest.fixture
def beroepsorganisatie(db: None) -> Organisatie:
    return Organisatie.objects.create(naam="Beroepsvereniging Onderwijs")


@pytest.fixture
def kaderbeheerder(
    maak_lid: Callable[..., Membership], beroepsorganisatie: Organisatie
) -> Membership:
    return maak_lid(Rol.KADERBEHEERDER, beroepsorganisatie, "karin")


@pytest.fixture
def beheerder(maak_lid: Callable[..., Membership], organisatie: Organisatie) -> Membership:
    return maak_lid(Rol.BEHEERDER, organisatie, "ben")


# --- import ------------------------------------------------------------------------------


def test_een_geldig_bestand_wordt_een_concept_van_de_beroepsorganisatie(kaderbeheerder):
    uitslag = beheer.importeer_kader(
        actor=kaderbeheerder, tekst=minimaal(), bestandsnaam="minimaal.yaml"
    )
    versie = uitslag.versie
    assert versie is not None and not uitslag.fouten
    assert versie.status == KaderStatus.CONCEPT and versie.geldig_vanaf is None
    assert versie.beroepsorganisatie == kaderbeheerder.organisatie
    assert versie.geimporteerd_door == kaderbeheerder.user
    assert versie.bestandsnaam == "minimaal.yaml"
    assert versie.kader().id == "minimaal"
    gebeurtenis = Gebeurtenis.objects.get(soort="kader.geimporteerd")
    assert gebeurtenis.nieuw["kader"] == "minimaal@1"
    assert gebeurtenis.organisatie_id == kaderbeheerder.organisatie_id
    # The same file again changes nothing.
    opnieuw = beheer.importeer_kader(actor=kaderbeheerder, tekst=minimaal(), bestandsnaam="x")
    assert opnieuw.bestond_al and opnieuw.versie == versie
    assert KaderVersie.objects.filter(kader_id="minimaal").count() == 1


@pytest.mark.parametrize("naam", sorted(VERWACHT))
def test_een_ongeldig_bestand_geeft_elke_fout_met_regel_en_slaat_niets_op(kaderbeheerder, naam):
    verwacht = VERWACHT[naam]
    tekst = (KAPOT / f"{naam}.yaml").read_text(encoding="utf-8")
    if verwacht["exit"] == 2:
        with pytest.raises(OnleesbaarKader) as fout:
            beheer.importeer_kader(actor=kaderbeheerder, tekst=tekst, bestandsnaam=f"{naam}.yaml")
        assert str(verwacht["melding"]) in str(fout.value)
    else:
        uitslag = beheer.importeer_kader(
            actor=kaderbeheerder, tekst=tekst, bestandsnaam=f"{naam}.yaml"
        )
        assert uitslag.versie is None
        regels = [p.als_tekst() for p in uitslag.fouten]
        assert any(
            str(verwacht["melding"]) in r and r.startswith(f"{naam}.yaml:{verwacht['regel']}:")
            for r in regels
        ), regels
    assert not KaderVersie.objects.exists()
    assert not Gebeurtenis.objects.filter(soort="kader.geimporteerd").exists()


def test_meerdere_fouten_komen_allemaal_terug(kaderbeheerder):
    tekst = minimaal().replace("titel: Minimaal kader", "titell: Minimaal kader")
    tekst = tekst.replace("rol: onveiligheid", "rol: ernst")
    uitslag = beheer.importeer_kader(actor=kaderbeheerder, tekst=tekst, bestandsnaam="k.yaml")
    teksten = [p.als_tekst() for p in uitslag.fouten]
    assert len(teksten) >= 3, teksten
    assert any("Onbekend veld 'titell'" in t and t.startswith("k.yaml:3:") for t in teksten)
    assert any("Het veld 'titel' ontbreekt" in t for t in teksten)
    assert any("'ernst' is hier niet toegestaan" in t for t in teksten)


def test_een_meegeleverd_id_of_het_kader_van_een_ander_wordt_geweigerd(kaderbeheerder, maak_lid):
    with pytest.raises(ValidationError, match="meegeleverd"):
        beheer.importeer_kader(
            actor=kaderbeheerder,
            tekst=meegeleverde_kaders()["basis"].read_text(encoding="utf-8"),
            bestandsnaam="basis.yaml",
        )
    importeer(kaderbeheerder, minimaal())
    ander = maak_lid(Rol.KADERBEHEERDER, Organisatie.objects.create(naam="Andere vereniging"))
    with pytest.raises(ValidationError, match="niet door uw beroepsorganisatie beheerd"):
        beheer.importeer_kader(actor=ander, tekst=minimaal("2"), bestandsnaam="k.yaml")


def test_een_concept_wordt_vervangen_een_vastgestelde_versie_niet(kaderbeheerder):
    eerste = importeer(kaderbeheerder, minimaal("1"))
    tweede = importeer(kaderbeheerder, minimaal("1", titel="Verbeterd kader"))
    assert not KaderVersie.objects.filter(pk=eerste.pk).exists()
    assert tweede.titel == "Verbeterd kader"
    beheer.stel_kader_vast(actor=kaderbeheerder, versie=tweede, geldig_vanaf=VANDAAG)
    with pytest.raises(ValidationError, match="al vastgesteld, met andere inhoud"):
        importeer(kaderbeheerder, minimaal("1", titel="Nog eens anders"))


# --- publishing --------------------------------------------------------------------------


def test_vaststellen_met_geldigheid_en_de_levenscyclus(kaderbeheerder):
    versie = importeer(kaderbeheerder, minimaal("1"))
    assert kaderselectors.kaderversie_voor(kaderbeheerder, versie.pk) == versie
    vast = beheer.stel_kader_vast(actor=kaderbeheerder, versie=versie, geldig_vanaf=VANDAAG)
    assert vast.is_vastgesteld and vast.geldig_vanaf == VANDAAG
    assert vast.vastgesteld_door == kaderbeheerder.user and vast.vastgesteld_op is not None
    assert kaders.geldige_kaderversie("minimaal") == vast
    assert Gebeurtenis.objects.get(soort="kader.vastgesteld").nieuw["status"] == "vastgesteld"
    with pytest.raises(ValidationError, match="al vastgesteld"):
        beheer.stel_kader_vast(actor=kaderbeheerder, versie=vast, geldig_vanaf=VANDAAG)


def test_vaststellen_kan_niet_met_terugwerkende_kracht_of_zonder_datum(kaderbeheerder):
    versie = importeer(kaderbeheerder, minimaal("1"))
    with pytest.raises(ValidationError, match="terugwerkende kracht"):
        beheer.stel_kader_vast(actor=kaderbeheerder, versie=versie, geldig_vanaf=VANDAAG - DAG)
    with pytest.raises(ValidationError, match="Vul de datum in"):
        beheer.stel_kader_vast(actor=kaderbeheerder, versie=versie, geldig_vanaf=None)
    with pytest.raises(ValidationError, match="einddatum ligt vóór de begindatum"):
        beheer.stel_kader_vast(
            actor=kaderbeheerder, versie=versie, geldig_vanaf=VANDAAG, geldig_tot=VANDAAG - DAG
        )
    versie.refresh_from_db()
    assert versie.status == KaderStatus.CONCEPT


def test_overlappende_geldigheid_wordt_geweigerd_met_een_nederlandse_zin(kaderbeheerder):
    een = importeer(kaderbeheerder, minimaal("1"))
    beheer.stel_kader_vast(
        actor=kaderbeheerder, versie=een, geldig_vanaf=VANDAAG, geldig_tot=VANDAAG + 30 * DAG
    )
    twee = importeer(kaderbeheerder, minimaal("2"))
    with pytest.raises(ValidationError) as fout:
        beheer.stel_kader_vast(actor=kaderbeheerder, versie=twee, geldig_vanaf=VANDAAG + 10 * DAG)
    tekst = " ".join(fout.value.messages)
    assert "overlapt met versie 1" in tekst and "tot en met" in tekst
    assert "Kies een periode die daar niet in valt" in tekst
    # Right after version 1 it fits; open-ended, it runs until a next version starts.
    beheer.stel_kader_vast(actor=kaderbeheerder, versie=twee, geldig_vanaf=VANDAAG + 31 * DAG)
    drie = importeer(kaderbeheerder, minimaal("3"))
    with pytest.raises(ValidationError, match="overlapt met versie 2"):
        beheer.stel_kader_vast(actor=kaderbeheerder, versie=drie, geldig_vanaf=VANDAAG + 31 * DAG)
    # A later start succeeds version 2, which now ends the day before.
    beheer.stel_kader_vast(actor=kaderbeheerder, versie=drie, geldig_vanaf=VANDAAG + 60 * DAG)
    perioden = kaderselectors.geldigheden("minimaal")
    assert perioden[twee.pk].tot == VANDAAG + 59 * DAG
    assert perioden[drie.pk].tot is None
    for datum, verwacht in ((VANDAAG, een), (VANDAAG + 45 * DAG, twee), (VANDAAG + 99 * DAG, drie)):
        assert kaders.geldige_kaderversie("minimaal", datum) == verwacht


def test_alleen_de_eigen_beroepsorganisatie_stelt_vast(kaderbeheerder, maak_lid):
    versie = importeer(kaderbeheerder, minimaal("1"))
    ander = maak_lid(Rol.KADERBEHEERDER, Organisatie.objects.create(naam="Andere vereniging"))
    with pytest.raises(PermissionDenied):
        beheer.stel_kader_vast(actor=ander, versie=versie, geldig_vanaf=VANDAAG)
    basis = kaders.actuele_kaderversie()
    with pytest.raises(PermissionDenied):  # shipped: the command line publishes those
        beheer.verwijder_conceptkader(actor=kaderbeheerder, versie=basis)


# --- immutability ------------------------------------------------------------------------


def test_een_vastgestelde_versie_verandert_nooit(kaderbeheerder):
    versie = importeer(kaderbeheerder, minimaal("1"))
    vast = beheer.stel_kader_vast(actor=kaderbeheerder, versie=versie, geldig_vanaf=VANDAAG)
    for poging in (
        lambda: KaderVersie.objects.filter(pk=vast.pk).update(titel="Anders"),
        lambda: KaderVersie.objects.filter(kader_id="minimaal").update(geldig_tot=VANDAAG),
        lambda: KaderVersie.objects.filter(pk=vast.pk).delete(),
        vast.delete,
    ):
        with pytest.raises(KaderVersieOnveranderlijk):
            poging()
    vast.inhoud = {"titel": "Anders"}
    with pytest.raises(KaderVersieOnveranderlijk):
        vast.save()
    # Even an object loaded before publishing cannot write over the published row.
    oud = KaderVersie.objects.get(pk=vast.pk)
    oud.status = KaderStatus.CONCEPT
    with pytest.raises(KaderVersieOnveranderlijk):
        oud.save()
    with pytest.raises(ValidationError, match="nooit verwijderd"):
        beheer.verwijder_conceptkader(actor=kaderbeheerder, versie=vast)
    vast.refresh_from_db()
    assert vast.titel == "Minimaal kader" and vast.kader().hash == vast.hash


def test_een_concept_mag_weg(kaderbeheerder):
    versie = importeer(kaderbeheerder, minimaal("1"))
    beheer.verwijder_conceptkader(actor=kaderbeheerder, versie=versie)
    assert not KaderVersie.objects.exists()
    assert Gebeurtenis.objects.filter(soort="kader.concept_verwijderd").exists()


# --- the organisation's choice and pinning -----------------------------------------------


def test_beheerder_kiest_alleen_een_vastgesteld_kader(kaderbeheerder, beheerder, beroepskracht):
    versie = importeer(kaderbeheerder, onderwijs())
    with pytest.raises(ValidationError, match="geen vastgestelde versie geldig"):
        beheer.kies_kader(actor=beheerder, kader_id="po-onderwijs")
    beheer.stel_kader_vast(actor=kaderbeheerder, versie=versie, geldig_vanaf=VANDAAG)
    keuze = beheer.kies_kader(actor=beheerder, kader_id="po-onderwijs")
    assert keuze is not None and keuze.gekozen_door == beheerder.user
    assert beheer.kies_kader(actor=beheerder, kader_id="po-onderwijs") is None  # unchanged
    gebeurtenis = Gebeurtenis.objects.get(soort="organisatie.kader_gekozen")
    assert gebeurtenis.oud == {"kader": "basis"} and gebeurtenis.nieuw == {"kader": "po-onderwijs"}
    # A new casus pins the chosen framework's version valid today; it has two routes.
    with pytest.raises(ValidationError, match="meerdere routes"):
        services.open_casus(actor=beroepskracht, titel="Zorgen")
    casus = services.open_casus(actor=beroepskracht, titel="Zorgen", route="standaard")
    assert casus.kader_versie == versie
    with pytest.raises(KaderVersieOnveranderlijk):
        Kaderkeuze.objects.filter(pk=keuze.pk).update(kader_id="basis")


def test_rollen_kaderbeheerder_ziet_geen_casus_beheerder_importeert_niet(
    kaderbeheerder, beheerder, aandachtsfunctionaris, beroepskracht, casus
):
    from meldwijzer.accounts import permissions

    assert not permissions.ziet_casusinhoud(kaderbeheerder)
    assert not permissions.mag_casus_zien(kaderbeheerder, casus)
    assert not Casus.objects.filter(permissions.casus_filter(kaderbeheerder)).exists()
    with pytest.raises(PermissionDenied):
        services.open_casus(actor=kaderbeheerder, titel="Een casus")
    for wie in (beheerder, aandachtsfunctionaris, beroepskracht):
        with pytest.raises(PermissionDenied):
            beheer.importeer_kader(actor=wie, tekst=minimaal(), bestandsnaam="k.yaml")
    versie = importeer(kaderbeheerder, minimaal())
    for wie in (beheerder, aandachtsfunctionaris):
        with pytest.raises(PermissionDenied):
            beheer.stel_kader_vast(actor=wie, versie=versie, geldig_vanaf=VANDAAG)
    with pytest.raises(PermissionDenied):
        beheer.kies_kader(actor=kaderbeheerder, kader_id="basis")
    # Concepts are the kaderbeheerders' work in progress.
    from django.http import Http404

    with pytest.raises(Http404):
        kaderselectors.kaderversie_voor(beheerder, versie.pk)


def test_een_beheerder_maakt_niemand_kaderbeheerder(beheerder, beroepskracht):
    from meldwijzer.accounts import beheer

    with pytest.raises(ValidationError):
        beheer.wijzig_rol(actor=beheerder, membership=beroepskracht, rol=Rol.KADERBEHEERDER)
    with pytest.raises(ValidationError):
        beheer.maak_gebruiker(
            actor=beheerder,
            gebruikersnaam="nieuw",
            voornaam="",
            achternaam="",
            rol=Rol.KADERBEHEERDER,
            wachtwoord="een nieuwe lange wachtzin",
        )


def test_een_casus_houdt_zijn_versie_als_een_nieuwe_wordt_vastgesteld(
    kaderbeheerder, beheerder, beroepskracht
):
    een = importeer(kaderbeheerder, onderwijs(versie="1.0"))
    beheer.stel_kader_vast(actor=kaderbeheerder, versie=een, geldig_vanaf=VANDAAG)
    beheer.kies_kader(actor=beheerder, kader_id="po-onderwijs")
    oud = services.open_casus(actor=beroepskracht, titel="Eerder", route="standaard")
    maak_klaar_voor_stap5(beroepskracht, oud)
    beantwoord(beroepskracht, oud, {"1": "ja", "2": "nee"})
    besluit = oud.besluiten.get()
    # Version 1.1 starts tomorrow: today's casussen still get 1.0; from tomorrow on, 1.1.
    twee = importeer(kaderbeheerder, onderwijs(versie="1.1"))
    beheer.stel_kader_vast(actor=kaderbeheerder, versie=twee, geldig_vanaf=VANDAAG + DAG)
    assert kaders.kaderversie_voor_organisatie(beroepskracht.organisatie_id) == een
    morgen = VANDAAG + DAG
    assert kaders.kaderversie_voor_organisatie(beroepskracht.organisatie_id, morgen) == twee
    nieuw = services.open_casus(
        actor=beroepskracht,
        titel="Later",
        kader_versie=kaders.kaderversie_voor_organisatie(beroepskracht.organisatie_id, morgen),
        route="standaard",
    )
    oud.refresh_from_db()
    assert oud.kader_versie == een and nieuw.kader_versie == twee
    assert besluit.kader_versie == een and besluit.herbereken() == besluit.uitkomst
    gebruik = {g.versie.pk: (g.casussen, g.besluiten) for g in _gebruik(beroepskracht)}
    assert gebruik == {een.pk: (1, 1), twee.pk: (1, 0)}


def _gebruik(lid: Membership) -> list[lijsten.Gebruik]:
    af = Membership.objects.create(
        user=lid.user.__class__.objects.create_user("af-telling", password="x" * 20),
        organisatie_id=lid.organisatie_id,
        rol=Rol.AANDACHTSFUNCTIONARIS,
    )
    return lijsten.gebruik_per_versie(af)
