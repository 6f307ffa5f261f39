"""docs/api.md's examples are a script: this test runs exactly those shell commands (curl, jq)
against the app on pytest-django's live server, and checks what they stored.

Only the address and the token are replaced by the test's own. Every curl call must answer 2xx
(``--fail-with-body`` is added around the documented commands), so an example that stops working
fails here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from meldwijzer.accounts.models import Rol
from meldwijzer.api.tests.helpers import token_voor
from meldwijzer.audit.models import Toegang
from meldwijzer.dossier.models import Besluit, Casus, Melding

pytestmark = pytest.mark.django_db(transaction=True)

DOC = Path(__file__).resolve().parents[4] / "docs" / "api.md"


def voorbeelden() -> str:
    """The ```sh blocks of the section 'Voorbeelden', in order, as one script."""
    tekst = DOC.read_text(encoding="utf-8")
    sectie = tekst.split("\n## Voorbeelden\n", 1)[1].split("\n## ", 1)[0]
    return "\n".join(re.findall(r"```sh\n(.*?)```", sectie, flags=re.S))


def test_de_voorbeelden_staan_in_de_documentatie():
    script = voorbeelden()
    for stap in ('/api/casussen"', "/signalen", "/afwegingen", "/besluiten", "/status"):
        assert stap in script, stap
    assert script.count("curl ") >= 10


@pytest.mark.skipif(not (shutil.which("curl") and shutil.which("jq")), reason="curl en jq nodig")
def test_de_gedocumenteerde_stroom_werkt(live_server, maak_lid, tmp_path):
    lid = maak_lid(Rol.BEROEPSKRACHT)
    token = token_voor(lid, naam="ECD De Linde")
    script = voorbeelden()
    script = re.sub(r"^MELDWIJZER=.*$", 'MELDWIJZER="$TEST_ADRES"', script, flags=re.M)
    script = re.sub(r"^TOKEN=.*$", 'TOKEN="$TEST_TOKEN"', script, flags=re.M)
    volledig = (
        'set -euo pipefail\ncurl() { command curl --fail-with-body --max-time 60 "$@"; }\n' + script
    )
    uitvoer = subprocess.run(
        ["bash", "-c", volledig],
        cwd=tmp_path,
        env={**os.environ, "TEST_ADRES": live_server.url, "TEST_TOKEN": token},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    laatste = (
        (tmp_path / "antwoord.json").read_text() if (tmp_path / "antwoord.json").exists() else ""
    )
    assert uitvoer.returncode == 0, f"{uitvoer.stdout}\n{uitvoer.stderr}\n{laatste}"
    assert '"melden"' in uitvoer.stdout  # the jq lines print the outcome

    casus = Casus.objects.get(eigenaar=lid.user)
    besluit = Besluit.objects.filter(casus=casus).order_by("volgnummer").last()
    assert besluit.uitkomst["acties"] == ["melden"]
    assert Melding.objects.filter(casus=casus, besluit=besluit).exists()
    rijen = Toegang.objects.filter(casus=casus)
    assert rijen.exists() and all(r.details["applicatie"] == "ECD De Linde" for r in rijen)
