"""Application tokens: asked for by the beheerder, approved by the user they act for (or
registered by the server's operator), shown once, stored hashed, acting for one user (never a
beheerder), revocable, expiring, rate limited; every step in the audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from contextlib import redirect_stderr, redirect_stdout

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from meldwijzer.accounts.models import Rol
from meldwijzer.accounts.testing import huidige_code, meld_aan
from meldwijzer.api.tests.helpers import ALLE, Api, beheerder_van, token_voor
from meldwijzer.applicaties.models import Applicatie
from meldwijzer.applicaties.services import registreer_applicatie, trek_applicatie_in
from meldwijzer.audit.models import Gebeurtenis

pytestmark = pytest.mark.django_db


def _over(dagen: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=dagen)


def test_aanvragen_op_de_beheerpagina_goedkeuren_op_mijn_account_toont_het_token_eenmaal(
    maak_lid,
):
    lid = maak_lid(Rol.BEROEPSKRACHT)
    beheerder = beheerder_van(lid)
    client = meld_aan(Client(), beheerder.user)
    r = client.get("/beheer/applicaties/")
    assert r.status_code == 200 and "Een applicatie aanvragen" in r.content.decode()
    r = client.post(
        "/beheer/applicaties/",
        {
            "naam": "ECD De Linde",
            "scopes": ["casus:lezen", "casus:schrijven"],
            "namens": lid.pk,
            "verloopt_op": _over(30).isoformat(),
        },
        follow=True,
    )
    assert r.status_code == 200, r.content
    assert not re.search(r"mw_[0-9a-f]{12}_", r.content.decode())
    app = Applicatie.objects.get()
    eigen = meld_aan(Client(), lid.user)
    r = eigen.post(
        "/account/applicaties/goedkeuren/",
        {"applicatie": app.pk, "code": huidige_code(lid.user)},
    )
    token = re.search(r"mw_[0-9a-f]{12}_[\w-]+", r.content.decode()).group(0)
    app.refresh_from_db()
    # Stored hashed: only the SHA-256 and the public prefix, never the token itself.
    assert app.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(Applicatie.objects.values()))
    assert token not in str(list(Gebeurtenis.objects.values()))
    assert app.namens == lid and app.scopes == ["casus:lezen", "casus:schrijven"]
    # Shown once: the next visits list the application, not its token.
    for pagina in (eigen.get("/account/applicaties/"), client.get("/beheer/applicaties/")):
        tekst = pagina.content.decode()
        assert "ECD De Linde" in tekst and token not in tekst
    assert Api(token).get("/api/casussen").status_code == 200
    assert Gebeurtenis.objects.get(soort="applicatie.aangevraagd").actor_id == beheerder.user_id
    assert Gebeurtenis.objects.get(soort="applicatie.goedgekeurd").actor_id == lid.user_id


def test_intrekken_via_de_beheerpagina(maak_lid):
    lid = maak_lid(Rol.BEROEPSKRACHT)
    token = token_voor(lid)
    app = Applicatie.objects.get()
    client = meld_aan(Client(), beheerder_van(lid).user)
    r = client.post("/beheer/applicaties/intrekken/", {"applicatie": app.pk})
    assert r.status_code == 302
    assert Api(token).get("/api/casussen").status_code == 401
    assert Gebeurtenis.objects.filter(soort="applicatie.ingetrokken").count() == 1
    assert "ingetrokken" in client.get("/beheer/applicaties/").content.decode()


def test_andere_rollen_komen_niet_op_de_beheerpagina(maak_lid):
    lid = maak_lid(Rol.AANDACHTSFUNCTIONARIS)
    client = meld_aan(Client(), lid.user)
    assert client.get("/beheer/applicaties/").status_code == 403
    assert client.post("/beheer/applicaties/intrekken/", {"applicatie": 1}).status_code == 403
    with pytest.raises(PermissionDenied):
        registreer_applicatie(actor=lid, naam="x", scopes=ALLE, namens=lid, verloopt_op=_over(5))


@pytest.mark.parametrize("rol", [Rol.BEHEERDER, Rol.PRIVACY_OFFICER, Rol.KADERBEHEERDER])
def test_nooit_namens_een_beheerder_of_andere_rol_zonder_casusinhoud(maak_lid, rol):
    lid = maak_lid(Rol.BEROEPSKRACHT)
    ander = maak_lid(rol, organisatie=lid.organisatie)
    with pytest.raises(ValidationError) as fout:
        registreer_applicatie(
            actor=beheerder_van(lid), naam="x", scopes=ALLE, namens=ander, verloopt_op=_over(5)
        )
    assert "namens" in fout.value.message_dict


def test_nooit_namens_iemand_van_een_andere_organisatie(maak_lid):
    lid = maak_lid(Rol.BEROEPSKRACHT)
    vreemd = maak_lid(Rol.BEROEPSKRACHT)
    with pytest.raises(ValidationError):
        registreer_applicatie(
            actor=beheerder_van(lid), naam="x", scopes=ALLE, namens=vreemd, verloopt_op=_over(5)
        )


def test_vervaldatum_in_de_toekomst_en_hooguit_een_jaar(maak_lid):
    lid = maak_lid(Rol.BEROEPSKRACHT)
    for dagen in (0, -1, 400):
        with pytest.raises(ValidationError):
            registreer_applicatie(
                actor=beheerder_van(lid),
                naam="x",
                scopes=ALLE,
                namens=lid,
                verloopt_op=_over(dagen),
            )


def test_een_verlopen_token_werkt_niet(maak_lid):
    lid = maak_lid(Rol.BEROEPSKRACHT)
    token = token_voor(lid)
    assert Api(token).get("/api/casussen").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        assert Api(token).get("/api/casussen").status_code == 401


def test_een_ingetrokken_token_werkt_niet(maak_lid):
    lid = maak_lid(Rol.BEROEPSKRACHT)
    token = token_voor(lid)
    app = Applicatie.objects.get()
    trek_applicatie_in(actor=beheerder_van(lid), applicatie_id=app.pk)
    assert Api(token).get("/api/casussen").status_code == 401
    with pytest.raises(ValidationError):
        trek_applicatie_in(actor=beheerder_van(lid), applicatie_id=app.pk)


def test_een_token_van_een_gedeactiveerde_gebruiker_werkt_niet(maak_lid):
    lid = maak_lid(Rol.BEROEPSKRACHT)
    token = token_voor(lid)
    lid.actief = False
    lid.save()
    assert Api(token).get("/api/casussen").status_code == 401


def test_een_geraden_token_met_een_bestaand_prefix_werkt_niet(maak_lid):
    token = token_voor(maak_lid(Rol.BEROEPSKRACHT))
    prefix = token.rsplit("_", 1)[0]
    assert Api(prefix + "_" + "A" * 43).get("/api/casussen").status_code == 401


def test_beheerder_van_een_andere_organisatie_trekt_niets_in(maak_lid):
    lid = maak_lid(Rol.BEROEPSKRACHT)
    token_voor(lid)
    vreemd = beheerder_van(maak_lid(Rol.BEROEPSKRACHT))
    with pytest.raises(ValidationError):
        trek_applicatie_in(actor=vreemd, applicatie_id=Applicatie.objects.get().pk)


def test_limiet_per_token(maak_lid, settings):
    settings.MELDWIJZER_API_LIMIET = "3/min"
    cache.clear()
    lid = maak_lid(Rol.BEROEPSKRACHT)
    eerste, tweede = Api(token_voor(lid)), Api(token_voor(lid))
    assert [eerste.get("/api/casussen").status_code for _i in range(3)] == [200] * 3
    r = eerste.get("/api/casussen")
    assert r.status_code == 429 and int(r["Retry-After"]) >= 1
    assert "Te veel verzoeken" in r.json()["detail"]
    assert tweede.get("/api/casussen").status_code == 200  # counted per token
    cache.clear()


def test_cli_registreert_toont_eenmaal_en_trekt_in(maak_lid):
    from meldwijzer.cli import main

    lid = maak_lid(Rol.BEROEPSKRACHT)
    beheerder = beheerder_van(lid)
    uit, fout = io.StringIO(), io.StringIO()
    with redirect_stdout(uit), redirect_stderr(fout):
        code = main(
            [
                "applicatie",
                "registreer",
                "--beheerder",
                beheerder.user.username,
                "--naam",
                "HIS",
                "--scope",
                "casus:lezen",
                "--namens",
                lid.user.username,
                "--tot",
                _over(10).isoformat(),
            ]
        )
    assert code == 0, fout.getvalue()
    token = uit.getvalue().strip()
    assert Api(token).get("/api/casussen").status_code == 200
    app = Applicatie.objects.get()
    with redirect_stdout(io.StringIO()) as lijst:
        assert main(["applicatie", "lijst", "--beheerder", beheerder.user.username]) == 0
    assert "HIS" in lijst.getvalue() and token not in lijst.getvalue()
    with redirect_stdout(io.StringIO()):
        assert (
            main(["applicatie", "intrekken", "--beheerder", beheerder.user.username, str(app.pk)])
            == 0
        )
    assert Api(token).get("/api/casussen").status_code == 401
    with redirect_stderr(io.StringIO()) as fout2:
        assert main(["applicatie", "lijst", "--beheerder", lid.user.username]) == 2
    assert "geen (actieve) beheerder" in fout2.getvalue()
