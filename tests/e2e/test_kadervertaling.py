"""Browser walk: the kaderbeheerder publishes the translation of its own framework on the
framework's page (ADR 0029) — first a file with an unknown id (refused, with its line), then an
incomplete one (published, with what is missing named), then withdraws it. Every page is checked
by axe, in Dutch and in English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from tests.e2e.test_kaderbeheer import inloggen, logins, uitloggen

__all__ = ["logins"]  # the fixture, shared with the framework walk

FORMAAT2 = Path(__file__).parents[1] / "kader" / "kaders" / "formaat2.yaml"
ENGELS = (
    Path(__file__).parents[2]
    / "src"
    / "meldwijzer"
    / "catalogus"
    / "tests"
    / "data"
    / "formaat2-opvang.en.yaml"
).read_text(encoding="utf-8")


def test_vertaling_van_het_eigen_kader_publiceren(
    wandeling: Any, logins: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    w = wandeling
    page = w.page
    fout = tmp_path / "fout" / "formaat2-opvang.en.yaml"
    fout.parent.mkdir()
    fout.write_text(ENGELS.replace("    opvang.vertelt:\n", "    opvang.vertel:\n"), "utf-8")
    onvolledig = tmp_path / "formaat2-opvang.en.yaml"
    onvolledig.write_text(
        ENGELS.replace("    afsluiten:\n      label: Close and record\n", ""), "utf-8"
    )

    inloggen(w, logins["kaderbeheerder"], "Afwegingskaders")
    page.get_by_role("link", name="Kader importeren").first.click()
    page.get_by_label("Kaderbestand (YAML)").set_input_files(str(FORMAAT2))
    page.get_by_role("button", name="Controleren en importeren").click()
    expect(page.get_by_text("is geïmporteerd als concept")).to_be_visible()
    sectie = page.locator("#vertalingen")
    expect(sectie.get_by_text("Dit kader heeft nog geen vertaling.")).to_be_visible()

    sectie.get_by_label("Vertaling (YAML)").set_input_files(str(fout))
    sectie.get_by_role("button", name="Controleren en publiceren").click()
    expect(sectie.get_by_text("De vertaling heeft 1 fout; er is niets opgeslagen")).to_be_visible()
    expect(
        sectie.get_by_text("formaat2-opvang.en.yaml:26: Er is geen item 'opvang.vertel'")
    ).to_be_visible()
    sectie.scroll_into_view_if_needed()
    w.bekijk("vertaling geweigerd", ook_in_het_engels=False)  # a POST answer

    sectie.get_by_label("Vertaling (YAML)").set_input_files(str(onvolledig))
    sectie.get_by_role("button", name="Controleren en publiceren").click()
    expect(page.get_by_text("De vertaling naar het Engels is gepubliceerd")).to_be_visible()
    expect(page.get_by_text("versie 0.1: 76 van 77 teksten vertaald")).to_be_visible()
    expect(sectie.get_by_text("76 van 77 teksten")).to_be_visible()
    sectie.get_by_text("Nog niet vertaald (1)").click()
    expect(sectie.get_by_text("acties.afsluiten.label")).to_be_visible()
    w.bekijk("vertaling gepubliceerd")

    sectie.get_by_role("button", name="Vertaling naar het Engels intrekken").click()
    expect(page.get_by_text("De vertaling naar het Engels is ingetrokken")).to_be_visible()
    sectie.get_by_text("Geschiedenis (1 upload)").click()
    expect(sectie.get_by_text("ingetrokken op")).to_be_visible()
    w.bekijk("vertaling ingetrokken")
    w.opnieuw_in_het_engels()
    uitloggen(w)
