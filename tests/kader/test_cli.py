"""The `meldwijzer` command line, run as a person runs it: as a separate process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from kapotte_voorbeelden import onderwijs_met_twijfel_naar_hulp

from meldwijzer.kader import meegeleverde_kaders

HIER = Path(__file__).parent
KAPOT = HIER / "kaders" / "kapot"


def mw(*args: str, invoer: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "meldwijzer.cli", *args],
        input=invoer,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _een_nette_fout(proces: subprocess.CompletedProcess[str], stuk: str) -> None:
    assert proces.returncode == 2, proces.stderr
    assert "Traceback" not in proces.stderr
    assert proces.stdout == ""
    regels = proces.stderr.strip().splitlines()
    assert len(regels) == 1, regels
    assert stuk in regels[0]


def test_lijst() -> None:
    p = mw("kader", "lijst")
    assert p.returncode == 0
    assert "basis" in p.stdout
    rijen = json.loads(mw("kader", "lijst", "--format", "json").stdout)
    basis = next(r for r in rijen if r["id"] == "basis")
    assert {"id", "titel", "versie", "beroepsgroep"} <= set(basis)


def test_valideer_geldig() -> None:
    p = mw("kader", "valideer", str(HIER / "kaders" / "beroep_voorbeeld.yaml"))
    assert p.returncode == 0
    assert "geldig afwegingskader 'voorbeeld-opvang'" in p.stdout
    assert "valt buiten de meldcode" in p.stdout


def test_valideer_meegeleverd_basisbestand() -> None:
    import meldwijzer.kader

    pad = Path(meldwijzer.kader.__file__).parent / "data" / "basis.yaml"
    p = mw("kader", "valideer", str(pad), "--format", "json")
    assert p.returncode == 0
    assert json.loads(p.stdout)["geldig"] is True


def test_valideer_problemen_met_regel() -> None:
    p = mw("kader", "valideer", str(KAPOT / "onbekend_veld.yaml"))
    assert p.returncode == 1
    assert "onbekend_veld.yaml:37: Onbekend veld 'vraagg'" in p.stdout
    assert "2 fouten" in p.stdout


def test_valideer_onleesbaar() -> None:
    _een_nette_fout(mw("kader", "valideer", str(KAPOT / "yaml_syntax.yaml")), "geen geldige YAML")
    _een_nette_fout(mw("kader", "valideer", "/bestaat/niet.yaml"), "bestand niet gevonden")


def test_beslis_uit_bestand_en_standaardinvoer(tmp_path: Path) -> None:
    bestand = tmp_path / "a.json"
    bestand.write_text(json.dumps({"antwoorden": {"1": "ja", "2": "ja"}, "signalen": []}))
    uit = json.loads(mw("kader", "beslis", "basis", "--antwoorden", str(bestand)).stdout)
    assert uit["acties"] == ["melden"]
    assert uit["volgende_afweging"] == "3"
    assert uit["samen_met_veilig_thuis"] is True
    p = mw("kader", "beslis", "basis", "--antwoorden", "-", invoer='{"antwoorden": {"1": "nee"}}')
    assert json.loads(p.stdout)["acties"] == ["afsluiten"]


def test_beslis_met_signaal_geeft_waarschuwing_met_tekst() -> None:
    invoer = json.dumps({"antwoorden": {"1": "ja", "2": "nee"}, "signalen": ["acuut.wapen"]})
    uit = json.loads(mw("kader", "beslis", "basis", "--antwoorden", "-", invoer=invoer).stdout)
    assert len(uit["waarschuwingen"]) == 1
    assert "Wapengebruik" in uit["waarschuwingen"][0]["tekst"]


def test_beslis_met_route_van_een_beroepskader() -> None:
    invoer = json.dumps({"route": "thuissituatie", "antwoorden": {"1": "ja", "2": "twijfel"}})
    kader = str(HIER / "kaders" / "beroep_voorbeeld.yaml")
    uit = json.loads(mw("kader", "beslis", kader, "--antwoorden", "-", invoer=invoer).stdout)
    assert uit["acties"] == ["melden"]
    assert uit["kader"]["id"] == "voorbeeld-opvang"


@pytest.mark.parametrize(
    ("invoer", "stuk"),
    [
        ("{kapot", "geen geldige JSON"),
        ("[1, 2]", "verwacht een JSON-object"),
        ('{"antwoorden": {"9": "ja"}}', "Afweging '9' bestaat niet"),
        (
            '{"antwoorden": {"1": "misschien"}}',
            "Antwoord 'misschien' bij afweging '1' bestaat niet",
        ),
        ('{"antwoorden": {"1": "ja", "3": "ja"}}', "afweging '2' ontbreekt nog"),
        ('{"antwoorden": {"1": "ja"}, "signalen": ["acuut.nep"]}', "acuut.nep"),
        ('{"antwoorden": {"1": true}}', '"antwoorden" moet een object zijn'),
        ('{"antwoorden": {}, "signalen": "acuut.wapen"}', '"signalen" moet een lijst'),
        ('{"antwoorden": {}, "extra": 1}', "onbekend veld extra"),
        ('{"antwoorden": {}, "route": "x"}', "Route 'x' bestaat niet"),
    ],
)
def test_beslis_slechte_invoer(invoer: str, stuk: str) -> None:
    _een_nette_fout(mw("kader", "beslis", "basis", "--antwoorden", "-", invoer=invoer), stuk)


def test_beslis_ontbrekend_antwoordenbestand() -> None:
    p = mw("kader", "beslis", "basis", "--antwoorden", "/bestaat/niet.json")
    _een_nette_fout(p, "antwoordenbestand niet gevonden")


def test_beslis_onbekend_kader() -> None:
    _een_nette_fout(
        mw("kader", "beslis", "geenkader", "--antwoorden", "-", invoer="{}"), "Onbekend kader"
    )


def test_beslis_met_ongeldig_kaderbestand() -> None:
    p = mw("kader", "beslis", str(KAPOT / "kring.yaml"), "--antwoorden", "-", invoer="{}")
    assert p.returncode == 2
    assert "Traceback" not in p.stderr
    assert "geen geldig afwegingskader" in p.stderr.splitlines()[0]
    assert "kring" in p.stderr


def test_gebruiksfout_in_het_nederlands() -> None:
    p = mw("kader")
    assert p.returncode == 2
    assert "deze argumenten ontbreken" in p.stderr
    p = mw("kader", "beslis", "basis")
    assert p.returncode == 2
    assert "--antwoorden" in p.stderr
    p = mw("kader", "lijst", "--format", "xml")
    assert p.returncode == 2
    assert "ongeldige keuze" in p.stderr


def test_kader_commandos_importeren_geen_django(tmp_path: Path) -> None:
    """`afwegen` and the file-based `kader` commands must work without Django (DESIGN.md)."""
    code = (
        "import sys, io\n"
        "from meldwijzer.cli import main\n"
        'sys.stdin = io.StringIO(\'{"antwoorden": {"1": "ja"}}\')\n'
        "main(['kader', 'beslis', 'basis', '--antwoorden', '-'])\n"
        "main(['kader', 'lijst'])\n"
        "main(['kader', 'valideer', sys.argv[1]])\n"
        "main(['kader', 'verschil', 'basis', 'voorbeeld-onderwijs', '--format', 'json'])\n"
        "main(['kader', 'toets', 'voorbeeld-huisarts'])\n"
        "main(['kader', 'test', 'basis'])\n"
        "main(['kader', 'toon', 'basis', '--format', 'fhir-questionnaire'])\n"
        "sys.stdin = io.StringIO('ja\\nnee\\n')\n"
        "main(['afwegen'])\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django geladen'\n"
    )
    p = subprocess.run(
        [sys.executable, "-c", code, str(HIER / "kaders" / "minimaal.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert p.returncode == 0, p.stderr


def test_toon_json_yaml_markdown(tmp_path: Path) -> None:
    data = json.loads(mw("kader", "toon", "basis", "--format", "json").stdout)
    items = [i for c in data["catalogi"] for i in c["items"]]
    assert all("id" in i and "tekst" in i for i in items)
    yaml_bestand = tmp_path / "basis.yaml"
    p = mw("kader", "toon", "basis", "--format", "yaml", "-o", str(yaml_bestand))
    assert p.returncode == 0
    geldig = json.loads(mw("kader", "valideer", str(yaml_bestand), "--format", "json").stdout)
    assert geldig["geldig"] is True
    assert geldig["kader"]["hash"] == data["hash"]
    md = mw("kader", "toon", "basis", "--format", "markdown").stdout
    assert md.startswith("# ")
    assert "Wapengebruik" in md


def test_schema(tmp_path: Path) -> None:
    uit = tmp_path / "schema.json"
    assert mw("kader", "schema", "-o", str(uit)).returncode == 0
    schema = json.loads(uit.read_text())
    assert schema["$schema"].endswith("2020-12/schema")
    assert "routes" in schema["properties"]


def test_toon_onbekend_kader_en_onschrijfbare_uitvoer() -> None:
    _een_nette_fout(mw("kader", "toon", "nergens"), "Onbekend kader")
    p = mw("kader", "toon", "basis", "-o", "/bestaat/niet/uit.md")
    _een_nette_fout(p, "kan niet schrijven")


def test_stroomschema_svg_mermaid_en_pad(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    svg = tmp_path / "basis.svg"
    assert mw("kader", "stroomschema", "basis", "-o", str(svg)).returncode == 0
    boom = ET.parse(svg)
    assert boom.getroot().tag.endswith("svg")
    antwoorden = tmp_path / "a.json"
    antwoorden.write_text(json.dumps({"antwoorden": {"1": "ja", "2": "ja"}}))
    pad_svg = tmp_path / "pad.svg"
    p = mw("kader", "stroomschema", "basis", "-o", str(pad_svg), "--pad", str(antwoorden))
    assert p.returncode == 0, p.stderr
    assert 'data-pad="ja"' in pad_svg.read_text()
    mmd = tmp_path / "basis.mmd"
    assert (
        mw("kader", "stroomschema", "basis", "--format", "mermaid", "-o", str(mmd)).returncode == 0
    )
    assert mmd.read_text().startswith("flowchart TD")


def test_stroomschema_foute_route_of_pad(tmp_path: Path) -> None:
    _een_nette_fout(
        mw("kader", "stroomschema", "basis", "-o", str(tmp_path / "x.svg"), "--route", "nee"),
        "Route 'nee' bestaat niet",
    )
    antwoorden = tmp_path / "a.json"
    antwoorden.write_text(json.dumps({"antwoorden": {"3": "ja"}}))
    p = mw(
        "kader", "stroomschema", "basis", "-o", str(tmp_path / "x.svg"), "--pad", str(antwoorden)
    )
    _een_nette_fout(p, "ontbreekt nog")


# --- verschil, toets, test -----------------------------------------------------------------

ONDERWIJS = meegeleverde_kaders()["voorbeeld-onderwijs"]


def test_verschil_tussen_basis_en_een_voorbeeld() -> None:
    p = mw("kader", "verschil", "basis", "voorbeeld-onderwijs")
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("Verschil van kader 'basis' versie 2018.2")
    assert "Route 'standaard', afweging '2', antwoord 'twijfel' toegevoegd" in p.stdout
    data = json.loads(
        mw("kader", "verschil", "basis", "voorbeeld-onderwijs", "--format", "json").stdout
    )
    assert data["gelijk"] is False
    assert data["nieuw"]["id"] == "voorbeeld-onderwijs"
    md = mw("kader", "verschil", "basis", "voorbeeld-onderwijs", "--format", "markdown").stdout
    assert md.startswith("# Verschil: basis 2018.2 → voorbeeld-onderwijs 0.1")


def test_verschil_met_versie_en_bestand(tmp_path: Path) -> None:
    p = mw("kader", "verschil", "basis@2018.2", "basis")
    assert p.returncode == 0
    assert "Geen verschillen" in p.stdout
    nieuw = tmp_path / "onderwijs-0.2.yaml"
    nieuw.write_text(
        ONDERWIJS.read_text(encoding="utf-8").replace('versie: "0.1"', 'versie: "0.2"'),
        encoding="utf-8",
    )
    p = mw(
        "kader",
        "verschil",
        "voorbeeld-onderwijs@0.1",
        str(nieuw),
        "-o",
        str(tmp_path / "v.md"),
        "--format",
        "markdown",
    )
    assert p.returncode == 0, p.stderr
    assert "versie was '0.1', nu '0.2'" in (tmp_path / "v.md").read_text()


@pytest.mark.parametrize(
    ("a", "b", "stuk"),
    [
        ("basis@1999.1", "basis", "Versie 1999.1 van kader basis is niet geïnstalleerd"),
        ("basis", "nergens@1", "Kader 'nergens' is niet geïnstalleerd"),
        ("basis", "nergens", "Onbekend kader 'nergens'"),
        ("basis", "/bestaat/niet.yaml", "bestand niet gevonden"),
        ("basis", "@1", "is geen geldige verwijzing"),
    ],
)
def test_verschil_slechte_invoer(a: str, b: str, stuk: str) -> None:
    _een_nette_fout(mw("kader", "verschil", a, b), stuk)


def test_toets_basis_is_schoon() -> None:
    p = mw("kader", "toets", "basis")
    assert p.returncode == 0, p.stderr
    assert "het wettelijk minimum is gehaald" in p.stdout
    assert "42 overgenomen, 0 herschreven en 0 ontbreken" in p.stdout
    data = json.loads(mw("kader", "toets", "basis", "--format", "json").stdout)
    assert data["wettelijk_minimum"]["voldoet"] is True


def test_toets_van_een_bewust_kapot_kader(tmp_path: Path) -> None:
    kapot = tmp_path / "kapot.yaml"
    kapot.write_text(onderwijs_met_twijfel_naar_hulp(), encoding="utf-8")
    # valideer refuses it; toets still reports, with the reason and exit 1.
    assert mw("kader", "valideer", str(kapot)).returncode == 1
    p = mw("kader", "toets", str(kapot))
    assert p.returncode == 1, p.stderr
    assert "het wettelijk minimum is niet gehaald" in p.stdout
    assert "Antwoord 'twijfel' bij afweging '2' betekent dat er acute" in p.stdout
    assert "Vergelijking met basis" in p.stdout
    md = mw("kader", "toets", str(kapot), "--format", "markdown")
    assert md.returncode == 1 and md.stdout.startswith("# Conformiteitstoets")


@pytest.mark.parametrize(
    ("naam", "regel", "stuk"),
    [
        ("alles_buiten_meldcode", 28, "De enige route van dit kader valt buiten de meldcode"),
        ("ja_betekent_nee", 40, "heet 'Ja' maar betekent nee"),
        ("hulp_afsluiten_zonder_onveiligheid", 48, "sluit hulp af ('hulp_afsluiten') voordat"),
    ],
)
def test_het_wettelijk_minimum_is_niet_te_omzeilen(naam: str, regel: int, stuk: str) -> None:
    """Each way around the minimum: refused by valideer, and toets no longer says 'gehaald'."""
    pad = str(KAPOT / f"{naam}.yaml")
    p = mw("kader", "valideer", pad)
    assert p.returncode == 1, p.stdout + p.stderr
    assert f"{naam}.yaml:{regel}: " in p.stdout and stuk in p.stdout
    p = mw("kader", "toets", pad)
    assert p.returncode == 1, p.stderr
    assert "het wettelijk minimum is niet gehaald" in p.stdout and stuk in p.stdout


def test_toets_slechte_invoer() -> None:
    _een_nette_fout(mw("kader", "toets", "/bestaat/niet.yaml"), "bestand niet gevonden")
    _een_nette_fout(mw("kader", "toets", str(KAPOT / "yaml_syntax.yaml")), "geen geldige YAML")
    _een_nette_fout(mw("kader", "toets", "nergens"), "Onbekend kader 'nergens'")
    p = mw("kader", "toets", str(KAPOT / "kring.yaml"))
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert "geen geldig afwegingskader" in p.stderr.splitlines()[0]


@pytest.mark.parametrize(
    "kader",
    [
        "basis",
        "voorbeeld-onderwijs",
        "voorbeeld-huisarts",
        "voorbeeld-kinderopvang",
        "voorbeeld-jgz",
    ],
)
def test_test_meegeleverde_situaties(kader: str) -> None:
    p = mw("kader", "test", kader)
    assert p.returncode == 0, p.stdout + p.stderr
    assert p.stdout.splitlines()[-1].endswith(", 0 mislukt.")


@pytest.mark.parametrize(
    ("kader", "routes"),
    [
        ("voorbeeld-kinderopvang", ["thuissituatie", "medewerker", "kinderen"]),
        ("voorbeeld-jgz", ["standaard"]),
    ],
)
def test_formaat_2_voorbeelden_zijn_geldig_en_halen_het_minimum(
    kader: str, routes: list[str]
) -> None:
    bestand = str(meegeleverde_kaders()[kader])
    p = mw("kader", "valideer", bestand)
    assert p.returncode == 0, p.stdout + p.stderr
    assert f"geldig afwegingskader '{kader}' versie 0.1" in p.stdout
    assert "kaderformaat 2." in p.stdout
    p = mw("kader", "toets", kader, "--format", "json")
    assert p.returncode == 0, p.stdout + p.stderr
    minimum = json.loads(p.stdout)["wettelijk_minimum"]
    assert minimum["voldoet"] is True
    assert [r["route"] for r in minimum["routes"]] == routes
    binnen = [r for r in minimum["routes"] if r["buiten_meldcode"] is None]
    assert [r["afweging_onveiligheid"] for r in binnen] == ["2"]


def test_test_met_mislukte_situatie(tmp_path: Path) -> None:
    situaties = tmp_path / "s.yaml"
    situaties.write_text(
        '- naam: goed\n  antwoorden: {"1": nee}\n  verwacht: {acties: [afsluiten]}\n'
        '- naam: fout\n  antwoorden: {"1": ja, "2": ja}\n  verwacht: {normen: [N3]}\n',
        encoding="utf-8",
    )
    p = mw("kader", "test", "basis", str(situaties))
    assert p.returncode == 1
    assert "geslaagd  goed (regel 1)" in p.stdout
    assert "mislukt   fout (regel 4)" in p.stdout
    assert "normen: verwacht [N3], gekregen [N2]" in p.stdout
    data = json.loads(mw("kader", "test", "basis", str(situaties), "--format", "json").stdout)
    assert (data["geslaagd"], data["mislukt"]) == (1, 1)


def test_test_slechte_invoer(tmp_path: Path) -> None:
    situaties = tmp_path / "s.yaml"
    situaties.write_text("- naam: a\n  verwacht: {actiess: []}\n", encoding="utf-8")
    _een_nette_fout(
        mw("kader", "test", "basis", str(situaties)), "s.yaml:2: Onbekend veld 'actiess'"
    )
    _een_nette_fout(mw("kader", "test", "basis", "/bestaat/niet.yaml"), "bestand niet gevonden")
    situaties.write_text("- naam: a\n  verwacht: {\n", encoding="utf-8")
    _een_nette_fout(mw("kader", "test", "basis", str(situaties)), "geen geldige YAML")
    eigen = str(HIER / "kaders" / "minimaal.yaml")
    _een_nette_fout(mw("kader", "test", eigen), "Geen meegeleverde situaties")
    _een_nette_fout(mw("kader", "test", "nergens", str(situaties)), "Onbekend kader 'nergens'")


# --- limits (docs/kader-formaat.md, 'Grenzen') ------------------------------------------------


def test_valideer_aliasbom_en_te_diep_genest(tmp_path: Path) -> None:
    bom = tmp_path / "bom.yaml"
    regels = ["n0: &n0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    regels += [f"n{i}: &n{i} [{', '.join([f'*n{i - 1}'] * 9)}]" for i in range(1, 7)]
    bom.write_text("\n".join(regels) + "\n")
    p = mw("kader", "valideer", str(bom))
    _een_nette_fout(p, f"{bom}:6: het bestand is te groot: meer dan 200.000 waarden")
    assert "verwijzingen (aliassen, *naam)" in p.stderr and "geen ankers (&naam)" in p.stderr
    diep = tmp_path / "diep.yaml"
    diep.write_text("a: " + "[" * 5_000 + "]" * 5_000 + "\n")
    _een_nette_fout(mw("kader", "valideer", str(diep)), "dieper genest dan 50 niveaus")
    _een_nette_fout(mw("kader", "toets", str(diep)), "dieper genest dan 50 niveaus")


@pytest.fixture(scope="module")
def keten(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kadergenerator import genereer_keten

    map_ = tmp_path_factory.mktemp("keten")
    tekst = genereer_keten(3_000)
    (map_ / "keten.yaml").write_text(tekst)
    (map_ / "keten2.yaml").write_text(tekst.replace("Vraag 3000?", "Vraag z?"))
    antwoorden = {"antwoorden": {f"a{i}": "ja" for i in range(1, 3_001)}}
    (map_ / "pad.json").write_text(json.dumps(antwoorden))
    return map_ / "keten.yaml"


@pytest.mark.parametrize(
    ("opdracht", "verwacht"),
    [
        (["valideer", "{k}"], "geldig afwegingskader 'keten'"),
        (["toets", "{k}"], "Conformiteitstoets van kader 'keten'"),
        (["verschil", "{k}", "{d}/keten2.yaml"], "'Vraag z?'"),
        (["toon", "{k}"], "### Afweging a3000"),
        (["toon", "{k}", "--format", "fhir-questionnaire"], '"linkId": "a3000"'),
        (["beslis", "{k}", "--antwoorden", "{d}/pad.json"], '"afgerond": true'),
        (["stroomschema", "{k}", "--format", "mermaid", "-o", "{d}/schema.mmd"], "a3000"),
    ],
    ids=["valideer", "toets", "verschil", "toon", "fhir", "beslis", "mermaid"],
)
def test_keten_van_3000_afwegingen(keten: Path, opdracht: list[str], verwacht: str) -> None:
    """Every command walks the whole chain, without recursion: no RecursionError."""
    p = mw("kader", *(a.format(k=keten, d=keten.parent) for a in opdracht))
    assert p.returncode == 0, p.stderr
    uitvoer = keten.parent / "schema.mmd"
    assert verwacht in (uitvoer.read_text() if "-o" in opdracht else p.stdout)


def test_keten_van_3000_afwegingen_te_groot_voor_een_tekening(keten: Path) -> None:
    uitvoer = str(keten.parent / "schema.svg")
    for extra in ([], ["--pad", str(keten.parent / "pad.json")]):
        p = mw("kader", "stroomschema", str(keten), "-o", uitvoer, *extra)
        _een_nette_fout(p, "Het stroomschema telt 3000 afwegingen; meer dan 100 passen niet")
        assert "--format mermaid" in p.stderr


def test_een_brede_route(tmp_path: Path) -> None:
    """A route that fans out into 1,000 answers: every command works or says in Dutch why not."""
    from kadergenerator import genereer_waaier

    waaier = tmp_path / "waaier.yaml"
    waaier.write_text(genereer_waaier(1_000))
    for opdracht, verwacht in (
        (["valideer"], "geldig afwegingskader 'waaier'"),
        (["toets"], "het wettelijk minimum is gehaald"),
        (["toon"], "### Afweging b999"),
    ):
        p = mw("kader", *opdracht, str(waaier))
        assert p.returncode == 0 and verwacht in p.stdout, p.stderr
    p = mw("kader", "stroomschema", str(waaier), "-o", str(tmp_path / "waaier.svg"))
    _een_nette_fout(p, "Het stroomschema telt 1003 afwegingen; meer dan 100 passen niet")
    breed = tmp_path / "breed.yaml"
    breed.write_text(genereer_waaier(600, doelen=10))
    p = mw("kader", "stroomschema", str(breed), "-o", str(tmp_path / "breed.svg"))
    _een_nette_fout(p, "Het stroomschema telt 624 antwoorden; meer dan 500 passen niet")


def test_beslis_te_diep_of_te_groot() -> None:
    diep = '{"antwoorden": ' + "[" * 100_000 + "]" * 100_000 + "}"
    p = mw("kader", "beslis", "basis", "--antwoorden", "-", invoer=diep)
    _een_nette_fout(p, "standaardinvoer: de gegevens zijn dieper genest dan 8 niveaus")
    groot = '{"signalen": [' + '"x", ' * 1_000_000 + '"x"]}'
    p = mw("kader", "beslis", "basis", "--antwoorden", "-", invoer=groot)
    _een_nette_fout(p, "standaardinvoer: de antwoorden zijn groter dan 4 MB")
