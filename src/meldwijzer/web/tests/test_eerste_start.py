"""A first ``make run`` shows the product: under the settings it uses (meldwijzer.conf.dev,
runserver as the Makefile starts it) an unknown address gets the app's own 404 page, not
Django's debug page; static files and the favicon the pages link are served (WhiteNoise); the
language menu names each language in its own words."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

REPO = Path(__file__).resolve().parents[4]


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _haal(poort: int, pad: str) -> tuple[int, dict[str, str], str]:
    verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=30)
    try:
        verbinding.request("GET", pad)
        antwoord = verbinding.getresponse()
        kop = {k.lower(): v for k, v in antwoord.getheaders()}
        return antwoord.status, kop, antwoord.read().decode(errors="replace")
    finally:
        verbinding.close()


@pytest.fixture
def make_run(tmp_path):
    """runserver with the development settings, as `make run` starts it (port aside), on an
    empty data folder; without MELDWIJZER_DEBUG, as a newcomer runs it."""
    poort = _vrije_poort()
    omgeving = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "MELDWIJZER"))
    }
    omgeving.update(MELDWIJZER_DATA_DIR=str(tmp_path), MELDWIJZER_BASE_DIR=str(tmp_path))
    log = (tmp_path / "runserver.log").open("ab")
    proces = subprocess.Popen(
        [sys.executable, str(REPO / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{poort}"],
        env=omgeving,
        cwd=REPO,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        einde = time.monotonic() + 120
        while proces.poll() is None and time.monotonic() < einde:
            try:
                _haal(poort, "/static/web/favicon.svg")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError((tmp_path / "runserver.log").read_text()[-2000:])
        yield poort
    finally:
        os.killpg(proces.pid, signal.SIGTERM)
        proces.wait(timeout=30)
        log.close()


def test_onbekend_adres_geeft_de_eigen_404_pagina(make_run):
    status, kop, html = _haal(make_run, "/bestaat-niet/")
    assert status == 404
    assert kop["content-type"].startswith("text/html")
    assert "Pagina niet gevonden" in html and "Naar de startpagina" in html
    # Not Django's debug page, which names the URLconf and the setting that shows it.
    assert "URLconf" not in html and "DEBUG = True" not in html
    assert 'href="/static/web/meldwijzer.css"' in html
    assert 'rel="icon" href="/static/web/favicon.svg"' in html
    assert '<option value="en" lang="en">English</option>' in html


def test_statische_bestanden_en_favicon(make_run):
    status, kop, css = _haal(make_run, "/static/web/meldwijzer.css")
    assert status == 200 and kop["content-type"].startswith("text/css") and ".kop" in css
    status, kop, svg = _haal(make_run, "/static/web/favicon.svg")
    assert status == 200 and kop["content-type"] == "image/svg+xml" and "<svg" in svg


@pytest.mark.django_db
@pytest.mark.parametrize("taal", ["nl", "en"])
def test_taalkeuze_noemt_elke_taal_in_haar_eigen_woorden(client, taal):
    client.cookies["django_language"] = taal
    html = client.get(reverse("web:inloggen")).content.decode()
    assert '<option value="en" lang="en"' in html and ">English</option>" in html
    assert '<option value="nl" lang="nl"' in html and ">Nederlands</option>" in html
    assert ">Engels<" not in html
