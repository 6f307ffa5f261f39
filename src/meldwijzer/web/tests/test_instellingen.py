"""Settings per environment, and a user working for more than one organisation."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from meldwijzer.accounts.models import Membership, Organisatie, Rol
from meldwijzer.dossier import services
from meldwijzer.sleutels.testing import productie_sleutels

REPO = Path(__file__).resolve().parents[4]


def test_productie_doorstaat_de_deploy_check(tmp_path):
    omgeving = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "meldwijzer.conf.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "meldwijzer.example",
        "MELDWIJZER_DATA_DIR": str(tmp_path),
        **productie_sleutels(),
    }
    omgeving.pop("DATABASE_URL", None)
    resultaat = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=omgeving,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert resultaat.returncode == 0, resultaat.stderr


@pytest.mark.django_db
def test_wisselen_van_organisatie(beroepskracht, maak_lid, client_van):
    andere = Organisatie.objects.create(naam="Zzz Kinderopvang")
    Membership.objects.create(
        user=beroepskracht.user, organisatie=andere, rol=Rol.AANDACHTSFUNCTIONARIS
    )
    collega_elders = maak_lid(Rol.BEROEPSKRACHT, andere)
    elders = services.open_casus(actor=collega_elders, titel="Casus bij de opvang")
    hier = services.open_casus(actor=beroepskracht, titel="Casus op school")
    client = client_van(beroepskracht)
    lijst = client.get(reverse("web:casussen")).content.decode()
    assert hier.kenmerk in lijst and elders.kenmerk not in lijst
    assert client.get(reverse("web:casus", args=[elders.uuid])).status_code == 404
    client.post(reverse("web:organisatie"), {"organisatie": str(andere.pk)})
    lijst = client.get(reverse("web:casussen")).content.decode()
    assert elders.kenmerk in lijst and hier.kenmerk not in lijst
    assert client.get(reverse("web:casus", args=[hier.uuid])).status_code == 404
    # An organisation one is not a member of cannot be chosen.
    vreemd = Organisatie.objects.create(naam="Vreemd")
    client.post(reverse("web:organisatie"), {"organisatie": str(vreemd.pk)})
    assert elders.kenmerk in client.get(reverse("web:casussen")).content.decode()
