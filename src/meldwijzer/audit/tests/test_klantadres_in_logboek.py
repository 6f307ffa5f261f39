"""Behind nginx the client's address is the one the proxy passed on, in every log that keeps an
address: the access log (NEN 7513) and the login events, as for the per-address login limit
(accounts.adresrem.klantadres, docs/deploy.md). Gunicorn on its Unix socket leaves REMOTE_ADDR
empty, so a log that read REMOTE_ADDR kept no address at all."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from meldwijzer.accounts.models import Inloggebeurtenis
from meldwijzer.accounts.testing import totp_voor
from meldwijzer.accounts.tests.test_inloggen import wachtwoord_stap
from meldwijzer.audit.models import Toegang

pytestmark = pytest.mark.django_db

ACHTER_NGINX = {"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "192.0.2.50, 203.0.113.7"}


def test_toegangsregel_noemt_het_doorgegeven_adres(beroepskracht, casus, client_van, settings):
    settings.MELDWIJZER_PROXY_AANTAL = 1
    client = client_van(beroepskracht)
    antwoord = client.get(reverse("web:casus", args=[casus.uuid]), **ACHTER_NGINX)
    assert antwoord.status_code == 200
    regel = Toegang.objects.filter(casus_id=casus.pk).latest("pk")
    assert regel.ip_adres == "203.0.113.7"  # the forged address in front is not taken


def test_inloggebeurtenis_noemt_het_doorgegeven_adres(maak_lid, settings):
    settings.MELDWIJZER_PROXY_AANTAL = 1
    lid = maak_lid()
    totp_voor(lid.user)
    wachtwoord_stap(Client(**ACHTER_NGINX), lid.user.username, "fout wachtwoord")
    gebeurtenis = Inloggebeurtenis.objects.latest("pk")
    assert gebeurtenis.ip_adres == "203.0.113.7"
