"""Single sign-on against a real OpenID Connect provider on loopback (oidc-provider-mock: authlib,
RS256 ID tokens, a JWKS endpoint). The round trip with group → role mapping, the second factor
asserted by the provider or asked locally, and every refusal: wrong signature, nonce, audience,
issuer, an expired token, an unknown group, no groups — each refused with nothing created.

The provider puts a user's claims into the ID token after its own standard claims, so a test that
sets ``aud``, ``iss``, ``exp`` or ``nonce`` on the user gets a correctly signed token with that
wrong value from the real provider. A wrong signature needs another key: a small proxy in front
of the provider's token endpoint re-signs the genuine ID token with a key of its own under the
same ``kid``.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
import werkzeug.serving
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from oidc_provider_mock import run_server_in_thread
from werkzeug.wrappers import Request, Response

from meldwijzer.accounts.models import (
    IdpApparaat,
    Inloggebeurtenis,
    Membership,
    Organisatie,
    SsoIdentiteit,
    User,
)
from meldwijzer.accounts.sso import BACKEND
from meldwijzer.accounts.tweestaps import code_voor, geheim

pytestmark = pytest.mark.django_db
SOORT = Inloggebeurtenis.Soort
CLIENT_ID = "meldwijzer-test"


@pytest.fixture(scope="module")
def idp() -> Iterator[str]:
    os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on loopback only
    with run_server_in_thread(require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@contextmanager
def _draai(app: Any) -> Iterator[str]:
    server = werkzeug.serving.make_server("localhost", 0, app, threaded=True)
    draad = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    draad.start()
    try:
        yield f"http://localhost:{server.server_port}"
    finally:
        server.shutdown()
        draad.join(5)
        server.server_close()


@pytest.fixture(scope="module")
def vervalser(idp: str) -> Iterator[str]:
    """A token endpoint that forwards to the real one and re-signs the ID token with another
    RSA key under the same header (alg, and kid when there is one): same claims, but the
    signature no longer matches the provider's JWKS."""
    andere_sleutel = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    @Request.application
    def app(request: Request) -> Response:
        echt = requests.post(
            f"{idp}/oauth2/token",
            data=request.form.to_dict(),
            headers={k: v for k, v in request.headers.items() if k.lower() == "authorization"},
            timeout=10,
        )
        inhoud = echt.json()
        if "id_token" in inhoud:
            kop = jwt.get_unverified_header(inhoud["id_token"])
            claims = jwt.decode(inhoud["id_token"], options={"verify_signature": False})
            kop.pop("alg", None)
            inhoud["id_token"] = jwt.encode(claims, andere_sleutel, algorithm="RS256", headers=kop)
        return Response(json.dumps(inhoud), status=echt.status_code, mimetype="application/json")

    with _draai(app) as url:
        yield f"{url}/token"


@pytest.fixture
def scholen(db: None) -> tuple[Organisatie, Organisatie]:
    return (
        Organisatie.objects.create(naam="Basisschool De Linde"),
        Organisatie.objects.create(naam="Kindcentrum De Esch"),
    )


def instellingen(idp: str, scholen: tuple[Organisatie, Organisatie], **extra: Any) -> Any:
    linde, esch = scholen
    waarden: dict[str, Any] = {
        "MELDWIJZER_SSO_ISSUER": idp,
        "MELDWIJZER_SSO_NAAM": "Schoolbestuur-ID",
        "OIDC_RP_CLIENT_ID": CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": "test-geheim",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{idp}/oauth2/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": f"{idp}/oauth2/token",
        "OIDC_OP_USER_ENDPOINT": f"{idp}/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": f"{idp}/jwks",
        "MELDWIJZER_SSO_UITLOGGEN": f"{idp}/oauth2/end_session",
        "AUTHENTICATION_BACKENDS": [*settings.AUTHENTICATION_BACKENDS, BACKEND],
        "MELDWIJZER_SSO_GROEPEN": {
            "linde-leerkrachten": {"organisatie": linde.naam, "rol": "beroepskracht"},
            "linde-zorg": {"organisatie": linde.naam, "rol": "aandachtsfunctionaris"},
            "esch-beheer": {"organisatie": esch.pk, "rol": "beheerder"},
        },
        "MELDWIJZER_SSO_MFA_AMR": ("mfa", "otp", "hwk"),
        "MELDWIJZER_SSO_MFA_ACR": ("urn:schoolbestuur:loa:hoog",),
    }
    waarden.update(extra)
    return override_settings(**waarden)


def via_idp(client: Client, idp: str, sub: str, claims: dict[str, Any], *, volg: str = "") -> Any:
    """The browser's round trip: Meldwijzer → the provider's login form → back with a code."""
    antwoord = requests.put(f"{idp}/users/{sub}", json=claims, timeout=10)
    assert antwoord.status_code == 204
    naar_idp = client.get(reverse("web:sso_inloggen") + volg)
    assert naar_idp.status_code == 302, naar_idp
    assert naar_idp["Location"].startswith(f"{idp}/oauth2/authorize?")
    vraag = parse_qs(urlsplit(naar_idp["Location"]).query)
    assert vraag["nonce"] and vraag["state"] and vraag["code_challenge"]
    bij_idp = requests.post(
        naar_idp["Location"], data={"sub": sub}, allow_redirects=False, timeout=10
    )
    assert bij_idp.status_code == 302, bij_idp.text
    terug = urlsplit(bij_idp.headers["Location"])
    assert terug.path == reverse("web:sso_terug")
    return client.get(f"{terug.path}?{terug.query}")


MFA = {"amr": ["pwd", "mfa"]}


def test_rondgang_met_groep_naar_rol_en_mfa_bij_de_provider(idp, scholen):
    linde, esch = scholen
    with instellingen(idp, scholen):
        client = Client()
        pagina = client.get(reverse("web:inloggen"))
        assert "Inloggen met Schoolbestuur-ID" in pagina.content.decode()
        claims = {
            "email": "lotte@linde.example",
            "given_name": "Lotte",
            "family_name": "de Vries",
            "groups": ["linde-leerkrachten", "alle-medewerkers", "esch-beheer"],
            **MFA,
        }
        antwoord = via_idp(client, idp, "lotte-123", claims, volg="?next=/casussen/")
        assert antwoord.status_code == 302, list(Inloggebeurtenis.objects.values("details"))
        assert antwoord.url == "/casussen/"
        identiteit = SsoIdentiteit.objects.get(issuer=idp, sub="lotte-123")
        user = identiteit.user
        assert user.get_full_name() == "Lotte de Vries"
        assert not user.has_usable_password()
        rollen = dict(Membership.objects.filter(user=user).values_list("organisatie_id", "rol"))
        assert rollen == {linde.pk: "beroepskracht", esch.pk: "beheerder"}
        # Logged in with both factors (the provider's), no local TOTP asked for.
        assert client.get(reverse("web:account")).status_code == 200
        assert not TOTPDevice.objects.filter(user=user).exists()
        event = Inloggebeurtenis.objects.filter(gebruiker=user, soort=SOORT.INGELOGD).get()
        assert event.details["via"] == "sso"
        assert event.details["tweede_factor"] == "amr:mfa"
        assert IdpApparaat.objects.filter(user=user).count() == 1

        # Logging out: recorded, and the provider's session is ended too (RP-initiated logout).
        uit = client.post(reverse("web:uitloggen"))
        assert uit.url.startswith(f"{idp}/oauth2/end_session?")
        assert "id_token_hint=" in uit.url
        event = Inloggebeurtenis.objects.filter(gebruiker=user, soort=SOORT.UITGELOGD).get()
        assert event.details == {"via": "sso"}
        assert client.get(reverse("web:account")).status_code == 302

        # The next login changes the roles to what the groups say now.
        claims["groups"] = ["linde-zorg"]
        via_idp(Client(), idp, "lotte-123", claims)
        leden = {m.organisatie_id: (m.rol, m.actief) for m in Membership.objects.filter(user=user)}
        assert leden == {linde.pk: ("aandachtsfunctionaris", True), esch.pk: ("beheerder", False)}
        assert User.objects.filter(sso_identiteiten__isnull=False).count() == 1


def test_acr_met_hoog_niveau_telt_als_tweede_factor(idp, scholen):
    with instellingen(idp, scholen):
        client = Client()
        claims = {"groups": ["linde-leerkrachten"], "acr": "urn:schoolbestuur:loa:hoog"}
        antwoord = via_idp(client, idp, "acr-1", claims)
        assert antwoord.url == reverse("web:start")
        assert client.get(reverse("web:account")).status_code == 200


def test_zonder_mfa_bij_de_provider_volgt_de_eigen_tweede_stap(idp, scholen):
    with instellingen(idp, scholen):
        client = Client()
        claims = {"groups": ["linde-leerkrachten"], "amr": ["pwd"]}
        antwoord = via_idp(client, idp, "piet-1", claims)
        assert antwoord.url == reverse("web:tweestaps_instellen")
        # Not logged in yet: the account page sends to the login page.
        assert client.get(reverse("web:account")).status_code == 302
        user = SsoIdentiteit.objects.get(sub="piet-1").user
        assert not Inloggebeurtenis.objects.filter(gebruiker=user, soort=SOORT.INGELOGD).exists()
        client.get(reverse("web:tweestaps_instellen"))
        apparaat = TOTPDevice.objects.get(user=user)
        antwoord = client.post(
            reverse("web:tweestaps_instellen"), {"code": code_voor(geheim(apparaat))}
        )
        assert antwoord.status_code == 200  # the recovery codes, shown once
        assert client.get(reverse("web:account")).status_code == 200
        event = Inloggebeurtenis.objects.filter(gebruiker=user, soort=SOORT.INGELOGD).get()
        assert event.details == {"tweede_factor": "TOTPDevice", "via": "sso"}


def _geweigerd(antwoord: Any, client: Client, reden: str) -> None:
    assert antwoord.status_code == 403
    tekst = antwoord.content.decode()
    assert "Inloggen niet gelukt" in tekst
    assert client.get(reverse("web:account")).status_code == 302  # not logged in
    assert not User.objects.exists(), "nothing is created for a refused login"
    event = Inloggebeurtenis.objects.filter(soort=SOORT.SSO_GEWEIGERD).last()
    assert event is not None and event.details["reden"] == reden


@pytest.mark.parametrize(
    ("claims", "reden"),
    [
        ({"nonce": "een-andere-nonce"}, "nonce"),
        ({"aud": "een-andere-applicatie"}, "audience"),
        ({"iss": "http://localhost:1/nep-idp"}, "issuer"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "verlopen"),
    ],
    ids=["nonce", "audience", "issuer", "verlopen"],
)
def test_onjuist_token_van_de_echte_provider_wordt_geweigerd(idp, scholen, claims, reden):
    with instellingen(idp, scholen):
        client = Client()
        antwoord = via_idp(
            client, idp, f"sub-{reden}", {"groups": ["linde-leerkrachten"], **MFA, **claims}
        )
        _geweigerd(antwoord, client, reden)
        assert "identiteitsbewijs" in antwoord.content.decode()


def test_verkeerde_handtekening_wordt_geweigerd(idp, vervalser, scholen):
    with instellingen(idp, scholen, OIDC_OP_TOKEN_ENDPOINT=vervalser):
        client = Client()
        antwoord = via_idp(client, idp, "sub-vals", {"groups": ["linde-leerkrachten"], **MFA})
        _geweigerd(antwoord, client, "handtekening")


def test_dezelfde_terugkeer_tweemaal_wordt_geweigerd(idp, scholen):
    """The state is used once: replaying the provider's redirect logs nobody in."""
    with instellingen(idp, scholen):
        client = Client()
        requests.put(f"{idp}/users/herhaal", json={"groups": ["linde-zorg"], **MFA}, timeout=10)
        naar_idp = client.get(reverse("web:sso_inloggen"))
        bij_idp = requests.post(
            naar_idp["Location"], data={"sub": "herhaal"}, allow_redirects=False
        )
        terug = urlsplit(bij_idp.headers["Location"])
        assert client.get(f"{terug.path}?{terug.query}").status_code == 302
        client.post(reverse("web:uitloggen"))
        nogmaals = client.get(f"{terug.path}?{terug.query}")
        assert nogmaals.status_code == 403


@pytest.mark.parametrize(
    ("groepen", "reden"),
    [(["kantine"], "geen_groep"), (None, "geen_groep")],
    ids=["onbekende-groep", "geen-groepen"],
)
def test_zonder_gekoppelde_groep_geweigerd_en_niets_aangemaakt(
    idp, scholen, groepen, reden
) -> None:
    with instellingen(idp, scholen):
        client = Client()
        claims: dict[str, Any] = dict(MFA)
        if groepen is not None:
            claims["groups"] = groepen
        antwoord = via_idp(client, idp, f"sub-{groepen}", claims)
        _geweigerd(antwoord, client, reden)
        assert "geen van uw groepen" in antwoord.content.decode()
        assert not Membership.objects.exists()


def test_tegenstrijdige_groepen_in_een_organisatie_geweigerd(idp, scholen):
    with instellingen(idp, scholen):
        client = Client()
        claims = {"groups": ["linde-leerkrachten", "linde-zorg"], **MFA}
        _geweigerd(via_idp(client, idp, "twee-rollen", claims), client, "groepen_tegenstrijdig")


def test_uit_staat_sso_buiten_beeld(scholen):
    """Off by default: no button, and its addresses send back to the login page."""
    assert not settings.MELDWIJZER_SSO_ISSUER
    client = Client()
    assert "Inloggen met" not in client.get(reverse("web:inloggen")).content.decode()
    for naam in ("web:sso_inloggen", "web:sso_terug"):
        antwoord = client.get(reverse(naam) + "?code=x&state=y")
        assert antwoord.status_code == 302
        assert antwoord.url == reverse("web:inloggen")
    assert not User.objects.exists()


def test_wachtwoord_inloggen_blijft_werken_naast_sso(idp, scholen, maak_lid):
    from meldwijzer.accounts.testing import huidige_code

    lid = maak_lid("beroepskracht", scholen[0])
    with instellingen(idp, scholen):
        from meldwijzer.accounts.testing import totp_voor

        totp_voor(lid.user)
        client = Client()
        from meldwijzer.accounts.tests.bouwers import WACHTWOORD

        antwoord = client.post(
            reverse("web:inloggen"), {"username": lid.user.username, "password": WACHTWOORD}
        )
        assert antwoord.url == reverse("web:inloggen_code")
        antwoord = client.post(reverse("web:inloggen_code"), {"code": huidige_code(lid.user)})
        assert antwoord.status_code == 302
        assert client.get(reverse("web:account")).status_code == 200


def _jwk(sleutel: Any, **velden: Any) -> dict[str, Any]:
    return {**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(sleutel.public_key())), **velden}


@pytest.fixture(scope="module")
def rsa_sleutels() -> tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]:
    eerste, tweede = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in "ab")
    return eerste, tweede


@pytest.mark.parametrize(
    ("kop", "jwks", "gekozen"),
    [
        ({"kid": "a"}, [("a", {}), ("b", {})], "a"),
        ({"kid": "b"}, [("a", {"alg": "RS256"}), ("b", {"alg": "RS256", "use": "sig"})], "b"),
        ({}, [("a", {})], "a"),  # no kid: only when the JWKS holds a single signing key
        ({}, [("a", {}), ("b", {})], None),
        ({"kid": "a"}, [("a", {}), ("a", {})], None),  # two keys under one kid: ambiguous
        ({"kid": "a"}, [("a", {"use": "enc"})], None),  # an encryption key never verifies
        ({"kid": "a"}, [("a", {"alg": "RS512"})], None),  # the key is for another algorithm
        ({"kid": "c"}, [("a", {}), ("b", {})], None),
    ],
    ids=[
        "kid",
        "kid-alg-use",
        "zonder-kid-een",
        "zonder-kid-twee",
        "dubbel",
        "enc",
        "alg",
        "onbekend",
    ],
)
@override_settings(OIDC_OP_JWKS_ENDPOINT="https://idp.example/jwks")
def test_sleutel_uit_de_jwks(monkeypatch, rsa_sleutels, kop, jwks, gekozen):
    """The provider's key for a token: the one with the token's kid, RSA, for signing, for the
    token's algorithm — and exactly one, or the token is refused."""
    from django.core.exceptions import SuspiciousOperation

    from meldwijzer.accounts import sso

    sleutels = dict(zip("ab", rsa_sleutels, strict=True))
    inhoud = {"keys": [_jwk(sleutels[kid], kid=kid, **extra) for kid, extra in jwks]}

    class Antwoord:
        def raise_for_status(self) -> None:
            pass

        def json(self) -> dict[str, Any]:
            return inhoud

    monkeypatch.setattr(sso.requests, "get", lambda *a, **k: Antwoord())
    token = jwt.encode({"sub": "x"}, sleutels["a"], algorithm="RS256", headers=kop)
    backend = sso.SsoBackend()
    if gekozen is None:
        with pytest.raises(SuspiciousOperation):
            backend.retrieve_matching_jwk(token)
    else:
        gevonden = backend.retrieve_matching_jwk(token)
        verwacht = sleutels[gekozen].public_key().public_numbers()
        assert gevonden.key.public_numbers() == verwacht


def test_zonder_sso_laadt_een_worker_de_oidc_bibliotheken_niet(tmp_path):
    """A worker of a Meldwijzer without SSO (production settings) loads the URLconf and the WSGI
    application without requests, PyJWT or mozilla-django-oidc: ~7 MB per worker it never
    needs (docs/deploy.md). The SSO views import them at their first use."""
    import secrets
    import subprocess
    import sys

    from meldwijzer.sleutels.testing import productie_sleutels

    omgeving = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MELDWIJZER_OIDC_")},
        "DJANGO_SETTINGS_MODULE": "meldwijzer.conf.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "meldwijzer.example",
        "MELDWIJZER_DATA_DIR": str(tmp_path),
        **productie_sleutels(),
    }
    omgeving.pop("DATABASE_URL", None)
    code = (
        "import sys\n"
        "from django.urls import get_resolver, reverse\n"
        "import meldwijzer.conf.wsgi\n"
        "get_resolver().url_patterns\n"
        "assert reverse('web:sso_terug')\n"
        "zwaar = ['requests', 'urllib3', 'jwt', 'mozilla_django_oidc', 'meldwijzer.accounts.sso']\n"
        "print(sorted(m for m in zwaar if m in sys.modules))\n"
    )
    uit = subprocess.run(
        [sys.executable, "-c", code], env=omgeving, cwd=tmp_path, capture_output=True, text=True
    )
    assert uit.returncode == 0, uit.stderr
    assert uit.stdout.strip() == "[]"
