"""The meldcode document: versions, concepts, adopting, going out of date, and its text —
PDF (pdftotext) and ODF (parsed) — against every required element of docs/meldcode.md."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from meldwijzer.accounts import beheer
from meldwijzer.accounts.models import Membership, Rol
from meldwijzer.meldcode import document, selectors, services
from meldwijzer.meldcode.models import MeldcodeVersie
from meldwijzer.meldcode.tests.bouwers import tekst_van_odt
from meldwijzer.meldcode.vereisten import VEREISTEN
from meldwijzer.socialekaart import services as kaart
from meldwijzer.web.pdf import naar_pdf

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[4] / "docs" / "meldcode.md"
TEKSTEN = {
    "taakverdeling": "De beroepskracht zet de stappen; de aandachtsfunctionaris beslist mee.",
    "ondersteuning": "Jaarlijkse training en intervisie elke maand.",
    "instrumenten": "De LIRIK voor de weging in stap 4.",
}


@pytest.fixture
def beheerder(organisatie, maak_lid) -> Membership:
    lid = maak_lid(Rol.BEHEERDER, organisatie)
    kaart.voeg_contact_toe(
        actor=lid,
        soort="veilig_thuis",
        naam="Veilig Thuis Midden",
        waarvoor="Advies en melden",
        telefoon="0800-2000",
        anoniem_raadplegen=True,
    )
    return lid


def pdf_tekst(pdf: bytes, tmp_path: Path) -> str:
    bestand = tmp_path / "meldcode.pdf"
    bestand.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(bestand), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_concept_kan_niet_worden_vastgesteld_en_zegt_wat_ontbreekt(beheerder):
    services.sla_eigen_teksten_op(actor=beheerder, teksten={"taakverdeling": "Zo doen wij het."})
    versie = services.maak_versie(actor=beheerder)
    assert versie.concept
    assert versie.ontbrekend == ["ondersteuning", "instrumenten"]
    with pytest.raises(ValidationError) as fout:
        services.stel_vast(
            actor=beheerder, versie_id=versie.pk, vastgesteld_op=timezone.localdate()
        )
    melding = fout.value.message_dict["vastgesteld_op"][0]
    assert "Hoe de organisatie medewerkers ondersteunt" in melding
    assert "Instrumenten voor risicotaxatie" in melding
    assert MeldcodeVersie.objects.get(pk=versie.pk).vastgesteld_op is None
    html = document.html(document.van_versie(versie), pdf=True)
    assert html.count("Nog in te vullen") == 2


def test_vaststellen_bewaart_elke_versie(beheerder):
    services.sla_eigen_teksten_op(actor=beheerder, teksten=TEKSTEN)
    een = services.maak_versie(actor=beheerder)
    twee = services.maak_versie(actor=beheerder)
    assert (een.volgnummer, twee.volgnummer) == (1, 2)
    gisteren = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ValidationError):  # before the day it was made
        services.stel_vast(actor=beheerder, versie_id=twee.pk, vastgesteld_op=gisteren)
    with pytest.raises(ValidationError):  # in the future
        services.stel_vast(
            actor=beheerder,
            versie_id=twee.pk,
            vastgesteld_op=timezone.localdate() + dt.timedelta(days=1),
        )
    services.stel_vast(actor=beheerder, versie_id=twee.pk, vastgesteld_op=timezone.localdate())
    assert selectors.vastgestelde(beheerder.organisatie_id).pk == twee.pk
    assert [v.volgnummer for v in selectors.versies(beheerder.organisatie_id)] == [2, 1]
    assert not selectors.stand(beheerder.organisatie_id).verouderd


def test_alleen_de_beheerder_en_alleen_de_eigen_organisatie(
    beheerder, beroepskracht, andere_organisatie, maak_lid
):
    with pytest.raises(PermissionDenied):
        services.maak_versie(actor=beroepskracht)
    with pytest.raises(PermissionDenied):
        services.sla_eigen_teksten_op(actor=beroepskracht, teksten=TEKSTEN)
    services.sla_eigen_teksten_op(actor=beheerder, teksten=TEKSTEN)
    versie = services.maak_versie(actor=beheerder)
    from django.http import Http404

    with pytest.raises(Http404):
        services.stel_vast(
            actor=maak_lid(Rol.BEHEERDER, andere_organisatie),
            versie_id=versie.pk,
            vastgesteld_op=timezone.localdate(),
        )


def test_verouderd_na_rolwissel_sociale_kaart_en_kader(beheerder, aandachtsfunctionaris, maak_lid):
    services.sla_eigen_teksten_op(actor=beheerder, teksten=TEKSTEN)
    versie = services.maak_versie(actor=beheerder)
    services.stel_vast(actor=beheerder, versie_id=versie.pk, vastgesteld_op=timezone.localdate())
    assert not selectors.stand(beheerder.organisatie_id).verouderd
    naam = aandachtsfunctionaris.user.weergavenaam
    beheer.wijzig_rol(actor=beheerder, membership=aandachtsfunctionaris, rol=Rol.BEROEPSKRACHT)
    nieuw = maak_lid(Rol.AANDACHTSFUNCTIONARIS, beheerder.organisatie)
    kaart.voeg_contact_toe(
        actor=beheerder,
        soort="deskundige",
        naam="Jeugdarts",
        waarvoor="Letsel",
        telefoon="030 123 45 67",
    )
    stand = selectors.stand(beheerder.organisatie_id)
    assert stand.verouderd
    assert f"{naam} is geen aandachtsfunctionaris meer." in stand.veranderingen
    assert f"{nieuw.user.weergavenaam} is aandachtsfunctionaris geworden." in stand.veranderingen
    assert "Sociale kaart: Jeugdarts is toegevoegd." in stand.veranderingen


def test_in_een_andere_taal_is_niets_veranderd(beheerder, aandachtsfunctionaris):
    """The document is the organisation's Dutch meldcode: made in English and read in Dutch (or
    the other way round), an adopted version with an expert and the termijnen is not outdated."""
    from django.utils import translation

    services.sla_eigen_teksten_op(actor=beheerder, teksten=TEKSTEN)
    kaart.voeg_contact_toe(
        actor=beheerder,
        soort="deskundige",
        naam="Deskundige eergerelateerd geweld",
        waarvoor="Overleg vooraf",
        telefoon="030 123 45 67",
        deskundig_bij=["eergerelateerd"],
    )
    with translation.override("en"):
        versie = services.maak_versie(actor=beheerder)
    services.stel_vast(actor=beheerder, versie_id=versie.pk, vastgesteld_op=timezone.localdate())
    for taal in ("nl", "en"):
        with translation.override(taal):
            stand = selectors.stand(beheerder.organisatie_id)
            assert not stand.verouderd, (taal, stand.veranderingen)


def test_ander_kader_maakt_verouderd(beheerder):
    from meldwijzer.catalogus.beheer import kies_kader
    from meldwijzer.catalogus.tests.bouwers import nieuwe_basis

    services.sla_eigen_teksten_op(actor=beheerder, teksten=TEKSTEN)
    versie = services.maak_versie(actor=beheerder)
    services.stel_vast(actor=beheerder, versie_id=versie.pk, vastgesteld_op=timezone.localdate())
    nieuwe_basis()  # basis 2026.1 valid from today: the organisation's framework changes
    kies_kader(actor=beheerder, kader_id="basis")
    veranderingen = selectors.stand(beheerder.organisatie_id).veranderingen
    assert any(v.startswith("Het afwegingskader is gewijzigd") for v in veranderingen), (
        veranderingen
    )


def test_docs_en_vereisten_noemen_dezelfde_elementen():
    tekst = DOCS.read_text(encoding="utf-8")
    in_docs = set(re.findall(r"^\| `([a-z-]+)` \|", tekst, flags=re.MULTILINE))
    assert in_docs == {v.id for v in VEREISTEN}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils ontbreekt")
def test_pdf_en_odf_bevatten_elk_vereist_element(beheerder, aandachtsfunctionaris, tmp_path):
    services.sla_eigen_teksten_op(actor=beheerder, teksten=TEKSTEN)
    versie = services.maak_versie(actor=beheerder)
    services.stel_vast(actor=beheerder, versie_id=versie.pk, vastgesteld_op=timezone.localdate())
    doc = document.van_versie(MeldcodeVersie.objects.get(pk=versie.pk))
    pdf = naar_pdf(document.html(doc, pdf=True))
    bestand = tmp_path / "getagd.pdf"
    bestand.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(bestand)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, flags=re.MULTILINE)  # PDF/UA-1, like the dossier
    assert "Meldcode huiselijk geweld en kindermishandeling" in info  # the <title>
    teksten = {
        "pdf": " ".join(pdf_tekst(pdf, tmp_path).split()),
        "odt": " ".join(tekst_van_odt(document.odt(doc)).split()),
    }
    for soort, tekst in teksten.items():
        for vereiste in VEREISTEN:
            for woorden in vereiste.herkenbaar_aan:
                assert woorden in tekst, f"{soort}: {vereiste.id} mist '{woorden}'"
        assert aandachtsfunctionaris.user.weergavenaam in tekst
        assert "Veilig Thuis Midden" in tekst
        assert "vastgesteld op" in tekst
        assert "Nog in te vullen" not in tekst
        for sectie in TEKSTEN.values():
            assert sectie in tekst


def test_odt_is_een_geldig_odf_pakket(beheerder):
    doc = document.van_nu(beheerder.organisatie_id)
    inhoud = document.odt(doc)
    with zipfile.ZipFile(__import__("io").BytesIO(inhoud)) as zip_:
        eerste = zip_.infolist()[0]
        assert eerste.filename == "mimetype" and eerste.compress_type == zipfile.ZIP_STORED
        assert zip_.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        namen = set(zip_.namelist())
        assert {"content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"} <= namen
        manifest = zip_.read("META-INF/manifest.xml").decode()
        for naam in namen - {"mimetype", "META-INF/manifest.xml"}:
            assert f'manifest:full-path="{naam}"' in manifest
        inhoud_xml = ET.fromstring(zip_.read("content.xml"))
    koppen = [
        "".join(h.itertext())
        for h in inhoud_xml.iter("{urn:oasis:names:tc:opendocument:xmlns:text:1.0}h")
    ]
    assert [k for k in koppen if k.startswith("Stap ")][:5] == [
        f"Stap {n}: " + t
        for n, t in enumerate(
            [
                "Signalen in kaart brengen",
                "Collegiale consultatie en zo nodig Veilig Thuis raadplegen",
                "Gesprek met de betrokkene(n)",
                "Wegen van het geweld of de kindermishandeling",
                "Beslissen: is melden noodzakelijk, en is hulp (ook) mogelijk?",
            ],
            start=1,
        )
    ]
    assert "Sociale kaart" in koppen
    assert "Nog in te vullen" in tekst_van_odt(inhoud)  # a concept: sections still empty


# --- the command line -------------------------------------------------------------------------


def test_opdrachtregel_pdf_en_odt(beheerder, tmp_path, capsys):
    from meldwijzer.cli import main

    pdf = tmp_path / "meldcode.pdf"
    assert main(["meldcode", "--organisatie", str(beheerder.organisatie_id), "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "concept" in capsys.readouterr().out
    odt = tmp_path / "meldcode.odt"
    code = main(
        [
            "meldcode",
            "--organisatie",
            str(beheerder.organisatie_id),
            "-o",
            str(odt),
            "--format",
            "odt",
        ]
    )
    assert code == 0
    assert "Sociale kaart" in tekst_van_odt(odt.read_bytes())


@pytest.mark.parametrize(
    ("argumenten", "melding"),
    [
        (["--organisatie", "999999"], "organisatie 999999 bestaat niet"),
        (["--versie", "7"], "geen versie 7"),
    ],
)
def test_opdrachtregel_foute_invoer(beheerder, tmp_path, capsys, argumenten, melding):
    from meldwijzer.cli import main

    uit = tmp_path / "meldcode.pdf"
    args = ["meldcode", "--organisatie", str(beheerder.organisatie_id), "-o", str(uit)]
    code = main([*args, *argumenten])
    assert code == 2
    assert melding in capsys.readouterr().err
    assert not uit.exists() and not list(tmp_path.iterdir())


def test_opdrachtregel_map_bestaat_niet(beheerder, tmp_path, capsys):
    from meldwijzer.cli import main

    uit = tmp_path / "nergens" / "meldcode.pdf"
    code = main(["meldcode", "--organisatie", str(beheerder.organisatie_id), "-o", str(uit)])
    assert code == 2
    assert "bestaat niet" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice ontbreekt")
def test_libreoffice_opent_het_odt(beheerder, tmp_path):
    """A real ODF reader opens the file and keeps its text (LibreOffice, where installed)."""
    bestand = tmp_path / "meldcode.odt"
    bestand.write_bytes(document.odt(document.van_nu(beheerder.organisatie_id)))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(bestand)],
        capture_output=True,
        check=True,
        timeout=120,
    )
    tekst = " ".join(pdf_tekst((tmp_path / "meldcode.pdf").read_bytes(), tmp_path).split())
    for woorden in ("Stap 5: Beslissen", "Sociale kaart", "Veilig Thuis Midden"):
        assert woorden in tekst


def test_inhoud_en_eigen_teksten_versleuteld_in_de_database(beheerder, aandachtsfunctionaris):
    from django.db import connection

    services.sla_eigen_teksten_op(actor=beheerder, teksten=TEKSTEN)
    services.maak_versie(actor=beheerder)
    with connection.cursor() as cursor:
        cursor.execute("SELECT inhoud FROM meldcode_meldcodeversie")
        (inhoud,) = cursor.fetchone()
        cursor.execute("SELECT tekst FROM meldcode_eigentekst")
        teksten = [r[0] for r in cursor.fetchall()]
    for geheim in (aandachtsfunctionaris.user.weergavenaam, "Veilig Thuis Midden", "LIRIK"):
        assert geheim not in str(inhoud)
        assert all(geheim not in t for t in teksten)
    assert len(teksten) == 3


def test_verschil_noemt_gewijzigde_en_verwijderde_contacten_en_termijnen(beheerder):
    from meldwijzer.dossier.services.bewaren import stel_bewaartermijn_in
    from meldwijzer.meldcode.inhoud import bouw_inhoud
    from meldwijzer.meldcode.verschil import veranderingen
    from meldwijzer.socialekaart.models import Contact

    oud = bouw_inhoud(beheerder.organisatie_id)
    assert veranderingen(oud, bouw_inhoud(beheerder.organisatie_id)) == []
    vt = Contact.objects.get()
    kaart.wijzig_contact(
        actor=beheerder,
        contact_id=vt.pk,
        soort="veilig_thuis",
        naam="Veilig Thuis Midden",
        waarvoor="Advies en melden",
        telefoon="030 999 88 77",
        anoniem_raadplegen=True,
    )
    assert veranderingen(oud, bouw_inhoud(beheerder.organisatie_id)) == [
        "Sociale kaart: Veilig Thuis Midden is gewijzigd."
    ]
    kaart.verwijder_contact(actor=beheerder, contact_id=vt.pk)
    stel_bewaartermijn_in(actor=beheerder, jaren=15)
    assert veranderingen(oud, bouw_inhoud(beheerder.organisatie_id)) == [
        "Sociale kaart: Veilig Thuis Midden is verwijderd.",
        "De termijnen of de bewaartermijn zijn gewijzigd.",
    ]
