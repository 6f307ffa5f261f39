"""`meldwijzer demo genereer`: organisations, ordinary users and casussen in bulk.

The rows are written straight to the tables (``executemany`` on SQLite, ``COPY`` on PostgreSQL)
but are built exactly as the application builds them, so the app cannot tell them apart:

- every casus has its own data key, wrapped under the active environment key, and its free text
  (title, notes, answers, the audit trail's old and new values) is encrypted under it
  (``sleutels.crypto``); betrokkenen with a name and birth date get the blind index;
- every besluit holds the real outcome of ``meldwijzer.kader.beslis`` for its answers, under the
  basis framework version loaded in the database;
- the audit trail and the access log get the rows that activity would have written, linked into
  each organisation's HMAC chain, and the chain heads are set, so ``meldwijzer audit verifieer``
  passes;
- milestones and termijnen are those ``rapportage.projectie`` derives from the dossier.

Users are ordinary accounts (not demo accounts) with a password and a confirmed TOTP device, so
they log in under production settings; their credentials go to a file (mode 0600) for the bench.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import random
import secrets
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction

from meldwijzer.audit import keten
from meldwijzer.audit.models import Gebeurtenis, Ketenkop, Toegang
from meldwijzer.sleutels import crypto
from meldwijzer.sleutels.sleutelring import hmac_sleutel, sleutelset
from meldwijzer.sleutels.zoekindex import zoekwaarde
from meldwijzer.synthetisch import teksten

# Measured on this machine (docs/performance.md): bytes on disk per casus with everything it
# brings (rows, indexes, audit and access log): SQLite 27.9 kB at 1,000,000, PostgreSQL 31.5 kB
# at 20,000 (the cluster's base/ folder). With a margin, for the free-space check.
BYTES_PER_CASUS = {"sqlite": 30_000, "postgresql": 33_000}
# PostgreSQL's write-ahead log also grows while loading and rebuilding the indexes: about as much
# as the data written, up to max_wal_size (4 GB in the bench, 1 GB by default).
WAL_HOOGSTENS = 4_500_000_000
MARGE = 1.3
PARTIJ = 2_000  # casussen per transaction
SQLITE_CACHE = -262_144  # KiB: 256 MB of page cache on the generator's connections


# Made once: ``json.dumps`` with options builds a new encoder every call, and the generator
# serialises a few hundred thousand values per 10,000 casussen.
_JSON_GESORTEERD = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


class TeWeinigRuimte(Exception):
    """Not enough free disk space for the requested data; the message says how much."""


def benodigde_ruimte(casussen: int, vendor: str | None = None) -> int:
    vendor = vendor or connection.vendor
    if vendor not in BYTES_PER_CASUS:
        vendor = "postgresql"
    gegevens = casussen * BYTES_PER_CASUS[vendor]
    wal = min(gegevens, WAL_HOOGSTENS) if vendor == "postgresql" else 0
    return int(gegevens * MARGE) + wal + 50_000_000


def _databasemap() -> Path:
    if connection.vendor == "sqlite":
        return Path(str(connection.settings_dict["NAME"])).resolve().parent
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SHOW data_directory")  # superusers and pg_read_all_settings only
            pad = Path(cur.fetchone()[0])
    except Exception:  # a database server elsewhere, or no right to ask: nothing to check here
        return Path(tempfile.gettempdir())
    # A server on another machine: its folder is not ours to measure.
    return pad if pad.exists() else Path(tempfile.gettempdir())


def vrije_ruimte(pad: Path | None = None) -> int:
    """Free bytes where the database lives."""
    return shutil.disk_usage(pad or _databasemap()).free


def controleer_ruimte(casussen: int, vrij: int | None = None) -> tuple[int, int]:
    nodig = benodigde_ruimte(casussen)
    vrij = vrije_ruimte() if vrij is None else vrij
    if vrij < nodig:
        raise TeWeinigRuimte(
            f"Te weinig vrije schijfruimte: {casussen} casussen hebben naar schatting "
            f"{_mb(nodig)} nodig, er is {_mb(vrij)} vrij. Maak ruimte vrij of genereer minder "
            "casussen."
        )
    return nodig, vrij


def _mb(n: int) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


# --- the tables -------------------------------------------------------------------------------


class _Tabel:
    """One table: its columns (from the model's fields), the next id, and rows in waiting."""

    def __init__(self, model: type[models.Model], velden: list[str], *, id_zelf: bool = True):
        self.model = model
        self.naam = model._meta.db_table
        self.velden = velden
        self.kolommen = [model._meta.get_field(v).column for v in velden]
        self.rijen: list[tuple[Any, ...]] = []
        self.id_zelf = id_zelf
        self.volgend_id = 1

    def start(self) -> None:
        if self.id_zelf:
            hoogste = self.model._base_manager.aggregate(m=models.Max("pk"))["m"]
            self.volgend_id = (hoogste or 0) + 1

    def nieuw_id(self) -> int:
        i = self.volgend_id
        self.volgend_id += self.stap
        return i

    stap = 1


class _Waarden:
    """Python values in the form each backend stores them (as Django's fields would)."""

    def __init__(self) -> None:
        self.pg = connection.vendor == "postgresql"

    def moment(self, waarde: dt.datetime | None) -> Any:
        if waarde is None or self.pg:
            return waarde
        if waarde.tzinfo is dt.UTC and not waarde.microsecond:
            # The generator's moments (whole seconds in UTC): the same text, one call.
            return waarde.isoformat(sep=" ")[:19]
        return waarde.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")

    def datum(self, waarde: dt.date | None) -> Any:
        if waarde is None or self.pg:
            return waarde
        return waarde.isoformat()

    def uuid(self, waarde: uuid.UUID) -> Any:
        return waarde if self.pg else waarde.hex


# --- what one casus looks like ------------------------------------------------------------------

# (share of casussen, fase, path of stap 5 or None, afgesloten with an afsluiting, spoed)
# Paths are the basis framework's afwegingen 1-5; the outcome comes from the engine.
PROFIELEN: tuple[tuple[float, str, tuple[tuple[str, str], ...] | None, str], ...] = (
    (0.06, "1", None, ""),
    (0.05, "2", None, ""),
    (0.05, "3", None, ""),
    (0.06, "4", None, ""),
    (0.08, "afgesloten", (("1", "nee"),), ""),
    (0.14, "5", (("1", "ja"), ("2", "nee"), ("3", "nee")), ""),
    (0.07, "5", (("1", "ja"), ("2", "ja"), ("3", "nee")), ""),
    (0.06, "afgesloten", (("1", "ja"), ("2", "nee"), ("3", "ja"), ("4", "nee")), "na_melding"),
    (0.20, "5", (("1", "ja"), ("2", "nee"), ("3", "ja"), ("4", "ja")), ""),
    (0.06, "5", (("1", "ja"), ("2", "ja"), ("3", "ja"), ("4", "ja")), ""),
    (
        0.13,
        "afgesloten",
        (("1", "ja"), ("2", "nee"), ("3", "ja"), ("4", "ja"), ("5", "ja")),
        "hulp_afsluiten",
    ),
    (0.04, "5", (("1", "ja"), ("2", "nee"), ("3", "ja"), ("4", "ja"), ("5", "nee")), ""),
)


@dataclass
class Resultaat:
    organisaties: int = 0
    gebruikers: int = 0
    casussen: int = 0
    rijen: dict[str, int] = field(default_factory=dict)
    credentials: Path | None = None


@dataclass
class _Org:
    id: int
    beroepskrachten: list[tuple[int, str]]  # (user id, weergavenaam)
    kenmerken: dict[int, int] = field(default_factory=dict)  # year -> counter
    kenmerk_start: int = 0  # beyond the counters of an earlier run
    gebeurtenis: list[Any] = field(default_factory=list)  # [volgnummer, hash]
    toegang: list[Any] = field(default_factory=list)


KENMERK_ALFABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _kenmerk(org: _Org, jaar: int) -> str:
    """A unique kenmerk in the app's format: the counter through a bijection of 32**5."""
    n = org.kenmerken.get(jaar, org.kenmerk_start)
    org.kenmerken[jaar] = n + 1
    code = (n * 7_654_321 + 12_345) % 32**5
    tekens = []
    for _i in range(5):
        code, rest = divmod(code, 32)
        tekens.append(KENMERK_ALFABET[rest])
    return f"{jaar}-" + "".join(tekens)


# The fields of each chain's canonical text that differ per row, in the template's order.
SJABLOON_GEBEURTENIS = (
    "casus_id", "nieuw", "object_id", "object_type", "oud", "soort", "tijdstip",
)  # fmt: skip
SJABLOON_TOEGANG = ("actie", "casus_id", "ip_adres", "onderdeel", "tijdstip")


class Generator:
    def __init__(
        self,
        *,
        organisaties: int,
        casussen: int,
        seed: int = 10,
        wachtwoord: str | None = None,
        nu: dt.datetime | None = None,
        voortgang: Callable[[int, int], None] | None = None,
        bestaande: list[int] | None = None,
    ) -> None:
        self.n_org = organisaties
        self.n_casus = casussen
        self.seed = seed
        self.rnd = random.Random(seed)
        self.wachtwoord = wachtwoord or secrets.token_urlsafe(18)
        self.nu = nu or dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.voortgang = voortgang
        self.bestaande = bestaande or []
        self.w = _Waarden()
        self._sjabloon_cache: dict[tuple[int, int], tuple[str, str]] = {}
        self.resultaat = Resultaat()

    # -- setup -----------------------------------------------------------------------------

    def _kader(self) -> None:
        from meldwijzer.dossier.models import KaderStatus, KaderVersie
        from meldwijzer.dossier.stap5 import afweging_model, optie_model
        from meldwijzer.kader import beslis

        versie = KaderVersie.objects.filter(
            kader_id="basis", status=KaderStatus.VASTGESTELD
        ).first()
        if versie is None:
            call_command("laadkaders", verbosity=0)
            versie = KaderVersie.objects.get(kader_id="basis", status=KaderStatus.VASTGESTELD)
        self.versie = versie
        kader = versie.kader()
        self.kader = kader
        route = kader.route(None).id
        self.route = route
        # Each answer's question and label, and the engine's outcome after each answer.
        self.uitkomst: dict[tuple[tuple[str, str], ...], dict[str, Any]] = {}
        self.labels: dict[tuple[str, str], tuple[str, str]] = {}
        for _aandeel, _fase, pad, _afsluiten in PROFIELEN:
            for i in range(1, len(pad or ()) + 1):
                deel = tuple(pad[:i])  # type: ignore[index]
                self.uitkomst[deel] = beslis(kader, dict(deel), (), route=route).als_dict()
                afweging, antwoord = deel[-1]
                model = afweging_model(kader, route, afweging)
                self.labels[deel[-1]] = (model.vraag, optie_model(model, antwoord).label)
        self.gewichten = [p[0] for p in PROFIELEN]

    def _tabellen(self) -> None:
        from meldwijzer.dossier import models as d
        from meldwijzer.rapportage.models import Mijlpaal, Termijn
        from meldwijzer.sleutels.models import DataSleutel

        vast = ["casus", "ronde", "vastgelegd_door", "vastgelegd_op"]
        self.t = {
            "sleutel": _Tabel(
                DataSleutel,
                ["id", "organisatie", "kek_id", "verpakt", "aangemaakt_op", "verpakt_op"],
                id_zelf=False,
            ),
            "casus": _Tabel(
                d.Casus,
                [
                    "id", "uuid", "organisatie", "eigenaar", "kenmerk", "sleutel", "titel",
                    "kader_versie", "route", "fase", "ronde", "conclusie", "aangemaakt_op",
                    "bijgewerkt_op", "afgesloten_op", "versie", "onderdeelversies",
                    "tijdlijnstand",
                ],
            ),
            "betrokkene": _Tabel(
                d.Betrokkene,
                ["id", *vast, "rol", "leeftijd", "geboortejaar", "relatie", "naam",
                 "geboortedatum", "zoekindex"],
            ),
            "signaal": _Tabel(
                d.Signaal,
                ["id", *vast, "datum", "bron", "bron_wie", "aard", "tekst", "aangevinkt",
                 "vormen", "speculatief_bevestigd"],
            ),
            "consultatie": _Tabel(
                d.Consultatie, ["id", *vast, "met_wie", "naam_functie", "datum", "advies"]
            ),
            "gesprek": _Tabel(
                d.Gesprek,
                ["id", *vast, "gevoerd", "met_wie", "datum", "reactie", "reden_geen_gesprek",
                 "toelichting"],
            ),
            "weging": _Tabel(
                d.Weging,
                ["id", *vast, "datum", "aard_en_ernst", "risicofactoren",
                 "beschermende_factoren"],
            ),
            "antwoord": _Tabel(
                d.Antwoord,
                ["id", "casus", "ronde", "afweging", "antwoord", "toelichting", "signalen",
                 "samen_met_veilig_thuis", "vt_contact", "vt_datum", "voorwaarden",
                 "beantwoord_door", "beantwoord_op", "ingetrokken_op"],
            ),
            "besluit": _Tabel(
                d.Besluit,
                ["id", "casus", "ronde", "volgnummer", "kader_versie", "antwoorden", "signalen",
                 "uitkomst", "vervangt", "vastgelegd_door", "vastgelegd_op"],
            ),
            "melding": _Tabel(
                d.Melding,
                ["id", *vast, "besluit", "spoed", "spoed_reden", "datum", "wijze", "vt_contact",
                 "vt_kenmerk", "vooraf_geinformeerd", "hoe_geinformeerd",
                 "reden_niet_geinformeerd", "toelichting_niet_geinformeerd"],
            ),
            "hulpplan": _Tabel(
                d.Hulpplan,
                ["id", *vast, "volgnummer", "vervangt", "datum", "doelen", "resultaten",
                 "wie_doet_wat", "monitoring", "meerdere_beroepskrachten", "casusregie",
                 "evaluatiedata"],
            ),
            "afsluiting": _Tabel(
                d.Afsluiting,
                ["id", *vast, "besluit", "soort", "datum", "conclusie", "casusregie_door",
                 "vt_contact", "vt_datum"],
            ),
            "termijn": _Tabel(
                Termijn,
                ["id", "organisatie", "casus", "ronde", "fase", "sleutel", "soort",
                 "verantwoordelijke", "telwijze", "startdatum", "aantal", "eenheid", "uiterlijk",
                 "open", "aangemaakt_op", "gesloten_op"],
            ),
            "mijlpaal": _Tabel(
                Mijlpaal,
                ["id", "organisatie", "casus", "eigenaar", "sleutel", "soort", "datum",
                 "uitkomst", "dagen"],
            ),
            "gebeurtenis": _Tabel(
                Gebeurtenis,
                ["id", "organisatie", "casus", "actor", "actor_naam", "actor_rol", "tijdstip",
                 "soort", "object_type", "object_id", "oud", "nieuw", "reden", "volgnummer",
                 "keten_hash"],
            ),
            "toegang": _Tabel(
                Toegang,
                ["id", "organisatie", "gebruiker", "rol", "casus", "betrokkene_id", "actie",
                 "uitkomst", "grondslag", "namens", "onderdeel", "details", "ip_adres",
                 "tijdstip", "volgnummer", "keten_hash"],
            ),
        }  # fmt: skip

    def _organisaties(self) -> list[_Org]:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from meldwijzer.accounts.models import Membership, Organisatie, Rol, User

        # One hash for all generated users (one password): hashing is slow on purpose.
        wachtwoord_hash = make_password(self.wachtwoord)
        per_org = max(1, self.n_casus // self.n_org)
        beroepskrachten = max(2, min(2_000, per_org // 250))
        orgs: list[_Org] = []
        self.credentials: list[dict[str, Any]] = []
        if self.bestaande:
            return [self._bestaande_org(pk) for pk in self.bestaande]
        bestaand = Organisatie.objects.count()
        for o in range(self.n_org):
            organisatie = Organisatie.objects.create(
                naam=f"Fictieve organisatie {bestaand + o + 1} (synthetisch)"
            )
            users = []
            rollen = [Rol.AANDACHTSFUNCTIONARIS, Rol.BEHEERDER, Rol.PRIVACY_OFFICER] + [
                Rol.BEROEPSKRACHT
            ] * beroepskrachten
            for i, rol in enumerate(rollen):
                nummer = self.rnd.randrange(10**6)
                voornaam, achternaam = teksten.naam(nummer).split(" ", 1)
                users.append(
                    User(
                        username=f"synth-o{organisatie.pk}-{rol[:6]}-{i}",
                        first_name=voornaam,
                        last_name=achternaam,
                        password=wachtwoord_hash,
                        is_demo=False,
                    )
                )
            users = User.objects.bulk_create(users)
            Membership.objects.bulk_create(
                [
                    Membership(user=u, organisatie=organisatie, rol=r)
                    for u, r in zip(users, rollen, strict=True)
                ]
            )
            apparaten = []
            for u, rol in zip(users, rollen, strict=True):
                sleutel = secrets.token_hex(20)
                apparaten.append(
                    TOTPDevice(user=u, name="Authenticator-app", key=sleutel, confirmed=True)
                )
                self.credentials.append(
                    {
                        "gebruikersnaam": u.username,
                        "wachtwoord": self.wachtwoord,
                        "totp_geheim": base64.b32encode(bytes.fromhex(sleutel)).decode(),
                        "organisatie": organisatie.pk,
                        "rol": str(rol),
                        "user_id": u.pk,
                    }
                )
            TOTPDevice.objects.bulk_create(apparaten)
            self.resultaat.gebruikers += len(users)
            orgs.append(
                _Org(
                    organisatie.pk,
                    [
                        (u.pk, f"{u.first_name} {u.last_name}")
                        for u, r in zip(users, rollen, strict=True)
                        if r == Rol.BEROEPSKRACHT
                    ],
                    gebeurtenis=list(_kop(organisatie.pk, "gebeurtenissen")),
                    toegang=list(_kop(organisatie.pk, "toegang")),
                )
            )
        self.resultaat.organisaties = len(orgs)
        return orgs

    def _bestaande_org(self, pk: int) -> _Org:
        """More casussen for an organisation that exists, owned by its beroepskrachten."""
        from meldwijzer.accounts.models import Membership, Rol

        leden = Membership.objects.filter(
            organisatie_id=pk, rol=Rol.BEROEPSKRACHT, actief=True
        ).select_related("user")
        org = _Org(
            pk,
            [(m.user_id, m.user.weergavenaam) for m in leden],
            gebeurtenis=list(_kop(pk, "gebeurtenissen")),
            toegang=list(_kop(pk, "toegang")),
        )
        from meldwijzer.dossier.models import Casus

        org.kenmerk_start = Casus.objects.filter(organisatie_id=pk).count()
        if not org.beroepskrachten:
            raise ValueError(f"Organisatie {pk} heeft geen beroepskrachten.")
        self.credentials = []
        self.resultaat.organisaties += 1
        return org

    # -- one casus -------------------------------------------------------------------------

    def _sjablonen(self, org_id: int, eigenaar: int, naam: str) -> tuple[str, str]:
        """The canonical texts of an owner's audit and access rows with the values they share
        encoded once (``keten.sjabloon``); ``_casus`` fills in the others, in this order."""
        sleutel = (org_id, eigenaar)
        if sleutel not in self._sjabloon_cache:
            g, g_open = keten.sjabloon(
                "gebeurtenissen",
                {"organisatie_id": org_id, "actor_id": eigenaar, "actor_naam": naam,
                 "actor_rol": "beroepskracht", "reden": ""},
            )  # fmt: skip
            t, t_open = keten.sjabloon(
                "toegang",
                {"organisatie_id": org_id, "gebruiker_id": eigenaar, "rol": "beroepskracht",
                 "betrokkene_id": None, "uitkomst": "toegestaan", "grondslag": "eigenaar",
                 "namens_id": None, "details": None},
            )  # fmt: skip
            if (g_open, t_open) != (SJABLOON_GEBEURTENIS, SJABLOON_TOEGANG):
                # A field added to a chain must be filled in by _casus too.
                raise RuntimeError(f"Ketenvelden gewijzigd: {g_open}, {t_open}")
            self._sjabloon_cache[sleutel] = (g, t)
        return self._sjabloon_cache[sleutel]

    def _casus(self, org: _Org, volgnummer: int) -> None:
        rnd, w, t = self.rnd, self.w, self.t
        set_ = self.sleutelset
        eigenaar, eigenaar_naam = org.beroepskrachten[rnd.randrange(len(org.beroepskrachten))]
        profiel = rnd.choices(PROFIELEN, weights=self.gewichten)[0]
        _aandeel, fase, pad, afsluiten = profiel
        # Spread over the last three years, the newest the fullest.
        start = self.nu - dt.timedelta(
            days=int(1095 * rnd.random() ** 1.5), seconds=rnd.randrange(86400)
        )
        moment = start

        def later(uren: float = 24.0) -> dt.datetime:
            nonlocal moment
            moment = moment + dt.timedelta(seconds=rnd.randrange(600, int(uren * 3600) + 601))
            return min(moment, self.nu - dt.timedelta(seconds=1))

        datasleutel = crypto.nieuwe_datasleutel()
        sleutel_id = uuid.uuid4()
        sleutel_hex = sleutel_id.hex

        versleutel = crypto.versleutelaar(datasleutel, sleutel_hex, voorraad=64)

        def v(tekst: str) -> str:
            return versleutel(tekst) if tekst else tekst

        def vj(waarde: Any) -> str:
            return f'"{versleutel(_JSON_GESORTEERD.encode(waarde))}"'  # as _json_token

        t["sleutel"].rijen.append(
            (
                w.uuid(sleutel_id),
                org.id,
                set_.actief_id,
                crypto.verpak(set_.actief, datasleutel, sleutel_id, org.id),
                w.moment(start),
                w.moment(start),
            )
        )
        casus_id = t["casus"].nieuw_id()
        kenmerk = _kenmerk(org, start.year)
        titel = teksten.TITELS[rnd.randrange(len(teksten.TITELS))]

        sjabloon_g, sjabloon_t = self._sjablonen(org.id, eigenaar, eigenaar_naam)
        casus_json = str(casus_id)
        json_waarde = keten.json_waarde

        def gebeurtenis(
            soort: str, tijd: dt.datetime, obj: str, obj_id: int, nieuw: Any, oud: Any = None
        ) -> None:
            rij_id = t["gebeurtenis"].nieuw_id()
            nieuw_t = v(_JSON_GESORTEERD.encode(nieuw))
            oud_t = v(_JSON_GESORTEERD.encode(oud)) if oud else None
            # The row's canonical values (keten.KETENS), those of this owner encoded once.
            tekst = sjabloon_g % (
                casus_json, _json_token(nieuw_t), f'"{obj_id}"', json_waarde(obj),
                _json_token(oud_t) or "null", json_waarde(soort), f'"{_iso(tijd)}"',
            )  # fmt: skip
            kop = org.gebeurtenis
            kop[0] += 1
            kop[1] = keten.schakel_tekst(
                self.ketensleutel, "gebeurtenissen", org.id, kop[0], kop[1], tekst
            )
            t["gebeurtenis"].rijen.append(
                (
                    rij_id, org.id, casus_id, eigenaar, eigenaar_naam, "beroepskracht",
                    w.moment(tijd), soort, obj, str(obj_id), _json_token(oud_t),
                    _json_token(nieuw_t), "",
                    kop[0], kop[1],
                )
            )  # fmt: skip

        def toegang(onderdeel: str, tijd: dt.datetime, actie: str = "inzien") -> None:
            ip = f"10.{org.id % 250}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"
            tekst = sjabloon_t % (
                json_waarde(actie), casus_json, f'"{ip}"', json_waarde(onderdeel),
                f'"{_iso(tijd)}"',
            )  # fmt: skip
            kop = org.toegang
            kop[0] += 1
            kop[1] = keten.schakel_tekst(
                self.ketensleutel, "toegang", org.id, kop[0], kop[1], tekst
            )
            t["toegang"].rijen.append(
                (
                    t["toegang"].nieuw_id(), org.id, eigenaar, "beroepskracht", casus_id, None,
                    actie, "toegestaan", "eigenaar", None, onderdeel, None, ip, w.moment(tijd),
                    kop[0], kop[1],
                )
            )  # fmt: skip

        gebeurtenis(
            "casus.geopend",
            start,
            "dossier.casus",
            casus_id,
            {
                "kenmerk": kenmerk,
                "titel": titel,
                "kader_versie": self.versie.pk,
                "route": "",
                "fase": "1",
            },
        )
        toegang("casus.overzicht", later(0.1))

        def vast(tabel: str, tijd: dt.datetime) -> tuple[int, tuple[Any, ...]]:
            rij_id = t[tabel].nieuw_id()
            return rij_id, (rij_id, casus_id, 1, eigenaar, w.moment(tijd))

        # Betrokkenen: a child and one or two adults; some with name and birth date.
        for i in range(rnd.choice((2, 3, 3, 4))):
            tijd = later(2)
            rol = (
                "kind"
                if i == 0 or rnd.random() < 0.3
                else rnd.choice(("ouder", "ouder", "partner", "oudere", "volwassene"))
            )
            leeftijd = rnd.randrange(0, 17) if rol == "kind" else rnd.randrange(19, 90)
            relatie = rnd.choice(teksten.RELATIES[rol])
            naam, geboren = "", None
            if rnd.random() < 0.6:
                naam = teksten.naam(rnd.randrange(10**6))
                geboren = dt.date(tijd.year - leeftijd, rnd.randrange(1, 13), rnd.randrange(1, 29))
            rij_id, kop = vast("betrokkene", tijd)
            t["betrokkene"].rijen.append(
                (
                    *kop, rol, leeftijd, None, v(relatie), v(naam),
                    v(geboren.isoformat()) if geboren else None,
                    zoekwaarde(org.id, naam, geboren),
                )
            )  # fmt: skip
            gebeurtenis(
                "betrokkene.toegevoegd",
                tijd,
                "dossier.betrokkene",
                rij_id,
                {
                    "rol": rol,
                    "leeftijd": leeftijd,
                    "geboortejaar": None,
                    "relatie": relatie,
                    "naam": naam,
                    "geboortedatum": geboren.isoformat() if geboren else None,
                },
            )
        # Notes of stap 1: about eight.
        eerste_signaal: dt.date | None = None
        for _i in range(max(1, int(rnd.gauss(8, 2.5)))):
            tijd = later(48)
            datum = tijd.date() - dt.timedelta(days=rnd.randrange(3))
            eerste_signaal = min(eerste_signaal or datum, datum)
            bron = rnd.choice(("eigen", "eigen", "verteld", "derde"))
            bron_wie = "" if bron == "eigen" else rnd.choice(("moeder", "leerkracht", "buurvrouw"))
            aard = "feit" if rnd.random() < 0.7 else "mening"
            tekst = teksten.SIGNAALTEKSTEN[rnd.randrange(len(teksten.SIGNAALTEKSTEN))]
            rij_id, kop = vast("signaal", tijd)
            t["signaal"].rijen.append(
                (
                    *kop, w.datum(datum), bron, v(bron_wie), aard, v(tekst), "[]", "[]",
                    False,
                )
            )  # fmt: skip
            gebeurtenis(
                "signaal.vastgelegd",
                tijd,
                "dossier.signaal",
                rij_id,
                {
                    "datum": datum.isoformat(),
                    "bron": bron,
                    "bron_wie": bron_wie,
                    "aard": aard,
                    "tekst": tekst,
                    "aangevinkt": [],
                    "vormen": [],
                },
            )
            if rnd.random() < 0.3:
                toegang("casus.signalen", later(1))
        stap = {"1": 1, "2": 2, "3": 3, "4": 4}.get(fase, 5)
        consultatie_vt: tuple[int, dt.date] | None = None
        if stap >= 2:
            tijd = later(72)
            met_wie = rnd.choice(("collega", "aandachtsfunctionaris", "veilig_thuis"))
            advies = rnd.choice(teksten.ADVIEZEN)
            rij_id, kop = vast("consultatie", tijd)
            t["consultatie"].rijen.append(
                (*kop, met_wie, v("aandachtsfunctionaris"), w.datum(tijd.date()), v(advies))
            )
            if met_wie == "veilig_thuis":
                consultatie_vt = (rij_id, tijd.date())
            gebeurtenis(
                "consultatie.vastgelegd",
                tijd,
                "dossier.consultatie",
                rij_id,
                {"met_wie": met_wie, "datum": tijd.date().isoformat(), "advies": advies},
            )
        if stap >= 3:
            tijd = later(72)
            reactie = rnd.choice(teksten.REACTIES)
            rij_id, kop = vast("gesprek", tijd)
            t["gesprek"].rijen.append(
                (*kop, True, v("beide ouders"), w.datum(tijd.date()), v(reactie), "", "")
            )
            gebeurtenis(
                "gesprek.vastgelegd",
                tijd,
                "dossier.gesprek",
                rij_id,
                {"gevoerd": True, "datum": tijd.date().isoformat(), "reactie": reactie},
            )
        if stap >= 4:
            tijd = later(72)
            ernst = rnd.choice(teksten.WEGINGEN)
            rij_id, kop = vast("weging", tijd)
            t["weging"].rijen.append(
                (*kop, w.datum(tijd.date()), v(ernst), v("Fictief: schulden, isolement."),
                 v("Fictief: betrokken grootouders."))
            )  # fmt: skip
            gebeurtenis(
                "weging.vastgelegd",
                tijd,
                "dossier.weging",
                rij_id,
                {"datum": tijd.date().isoformat(), "aard_en_ernst": ernst},
            )
            toegang("casus.weging", later(1))
        # Stap 5: answers, and a besluit after the last answer (and one earlier in a few).
        besluiten: list[tuple[int, dt.datetime, dict[str, Any]]] = []
        laatste_besluit: int | None = None
        if pad:
            antwoorden = []
            for i, (afweging, antwoord) in enumerate(pad):
                tijd = later(24)
                vraag, label = self.labels[(afweging, antwoord)]
                toelichting = f"Fictief: toelichting bij afweging {afweging}."
                a_id = t["antwoord"].nieuw_id()
                t["antwoord"].rijen.append(
                    (
                        a_id, casus_id, 1, afweging, antwoord, v(toelichting), "[]", False, "",
                        None, vj({}), eigenaar, w.moment(tijd), None,
                    )
                )  # fmt: skip
                gebeurtenis(
                    "afweging.beantwoord",
                    tijd,
                    "dossier.antwoord",
                    a_id,
                    {"afweging": afweging, "antwoord": antwoord, "toelichting": toelichting},
                )
                antwoorden.append(
                    {
                        "afweging": afweging,
                        "vraag": vraag,
                        "antwoord": antwoord,
                        "label": label,
                        "toelichting": toelichting,
                        "signalen": [],
                        "samen_met_veilig_thuis": False,
                        "vt_contact": "",
                        "vt_datum": None,
                        "voorwaarden": {},
                        "beantwoord_door": eigenaar_naam,
                        "beantwoord_door_id": eigenaar,
                        "beantwoord_op": tijd.isoformat(),
                    }
                )
                laatste = i == len(pad) - 1
                if not (laatste or (i == len(pad) - 2 and i > 0 and rnd.random() < 0.4)):
                    continue
                deel = tuple(pad[: i + 1])
                uitkomst = self.uitkomst[deel]
                b_id = t["besluit"].nieuw_id()
                t["besluit"].rijen.append(
                    (
                        b_id, casus_id, 1, len(besluiten) + 1, self.versie.pk, vj(antwoorden),
                        "[]", json.dumps(uitkomst), laatste_besluit, eigenaar, w.moment(tijd),
                    )
                )  # fmt: skip
                gebeurtenis(
                    "besluit.vastgelegd",
                    tijd,
                    "dossier.besluit",
                    b_id,
                    {
                        "besluit": len(besluiten) + 1,
                        "antwoorden": dict(deel),
                        "acties": uitkomst["acties"],
                        "volgende_afweging": uitkomst["volgende_afweging"],
                    },
                    oud={"besluit": len(besluiten)} if besluiten else None,
                )
                besluiten.append((b_id, tijd, uitkomst))
                laatste_besluit = b_id
                antwoorden = list(antwoorden)
                toegang("casus.besluit", later(0.5))
        uitkomst = besluiten[-1][2] if besluiten else None
        acties = set(uitkomst["acties_soort"].values()) if uitkomst else set()
        melding_datum: dt.date | None = None
        melding_id: int | None = None
        if "melden" in acties:
            tijd = later(48)
            melding_datum = tijd.date()
            rij_id, kop = vast("melding", tijd)
            melding_id = rij_id
            t["melding"].rijen.append(
                (
                    *kop, laatste_besluit, False, "", w.datum(melding_datum), "telefoon",
                    v("medewerker Veilig Thuis (fictief)"), v(f"VT-{rnd.randrange(10**6):06d}"),
                    True, v("Fictief: in een gesprek met moeder."), "", "",
                )
            )  # fmt: skip
            gebeurtenis(
                "melding.vastgelegd",
                tijd,
                "dossier.melding",
                rij_id,
                {"datum": melding_datum.isoformat(), "wijze": "telefoon", "spoed": False},
            )
        hulpplan: tuple[int, dt.date, list[str]] | None = None
        if "hulp" in acties:
            tijd = later(72)
            evaluaties = [(tijd.date() + dt.timedelta(weeks=n)).isoformat() for n in (6, 12)]
            rij_id, kop = vast("hulpplan", tijd)
            t["hulpplan"].rijen.append(
                (
                    *kop, 1, None, w.datum(tijd.date()), v("Fictief: veilige thuissituatie."),
                    v("Fictief: geen nieuwe incidenten."), v("Fictief: ouders volgen training."),
                    v("Fictief: wekelijks contact."), False, "", json.dumps(evaluaties),
                )
            )  # fmt: skip
            hulpplan = (rij_id, tijd.date(), evaluaties)
            gebeurtenis(
                "hulpplan.vastgelegd",
                tijd,
                "dossier.hulpplan",
                rij_id,
                {"volgnummer": 1, "datum": tijd.date().isoformat(), "evaluatiedata": evaluaties},
            )
        afgesloten_op: dt.datetime | None = None
        afsluit_datum: dt.date | None = None
        conclusie = ""
        if fase == "afgesloten":
            tijd = later(96)
            afgesloten_op = tijd
            if afsluiten:
                afsluit_datum = tijd.date()
                conclusie = "Fictief: traject afgerond, afspraken vastgelegd."
                rij_id, kop = vast("afsluiting", tijd)
                t["afsluiting"].rijen.append(
                    (
                        *kop, laatste_besluit, afsluiten, w.datum(afsluit_datum), v(conclusie),
                        v("wijkteam (fictief)"), "", None,
                    )
                )  # fmt: skip
                gebeurtenis(
                    "afsluiting.vastgelegd",
                    tijd,
                    "dossier.afsluiting",
                    rij_id,
                    {"soort": afsluiten, "datum": afsluit_datum.isoformat()},
                )
            gebeurtenis(
                "casus.afgesloten",
                tijd,
                "dossier.casus",
                casus_id,
                {"fase": "afgesloten"},
                oud={"fase": "5"},
            )
        elif stap > 1:
            gebeurtenis(
                "casus.stap", moment, "dossier.casus", casus_id, {"fase": fase}, oud={"fase": "1"}
            )
        toegang("casus.overzicht", later(4))
        bijgewerkt = moment
        versie = 1 + rnd.randrange(5, 25)
        # Written as a whole, like a casus from before per-part versions (docs/adr/0013).
        t["casus"].rijen.append(
            (
                casus_id, w.uuid(uuid.uuid4()), org.id, eigenaar, kenmerk, w.uuid(sleutel_id),
                v(titel), self.versie.pk, "", fase, 1, v(conclusie), w.moment(start),
                w.moment(bijgewerkt), w.moment(afgesloten_op), versie,
                json.dumps({"*": versie}), org.gebeurtenis[0],
            )
        )  # fmt: skip
        self._projectie(
            org, casus_id, eigenaar, fase, start, eerste_signaal, consultatie_vt, melding_id,
            melding_datum, besluiten, afsluit_datum, afsluiten, hulpplan, pad,
        )  # fmt: skip

    def _projectie(
        self,
        org: _Org,
        casus_id: int,
        eigenaar: int,
        fase: str,
        start: dt.datetime,
        eerste_signaal: dt.date | None,
        consultatie_vt: tuple[int, dt.date] | None,
        melding_id: int | None,
        melding_datum: dt.date | None,
        besluiten: list[tuple[int, dt.datetime, dict[str, Any]]],
        afsluit_datum: dt.date | None,
        afsluiten: str,
        hulpplan: tuple[int, dt.date, list[str]] | None,
        pad: Any,
    ) -> None:
        """The milestones and termijnen rapportage.projectie derives from these records."""
        from django.utils import timezone

        from meldwijzer.rapportage.mijlpalen import AFSLUITEN_ZONDER_HULP, uitkomst_code

        w, t = self.w, self.t
        zone = self._zone  # the current time zone, looked up once (a context-local lookup)
        mijlpalen: list[tuple[str, str, dt.date, str, int | None]] = [
            ("geopend", "geopend", timezone.localdate(start, zone), "", None)
        ]
        if consultatie_vt:
            mijlpalen.append(
                (f"advies:{consultatie_vt[0]}", "adviesvraag", consultatie_vt[1], "", None)
            )
        if melding_id is not None and melding_datum is not None:
            mijlpalen.append((f"melding:{melding_id}", "melding", melding_datum, "regulier", None))
        if besluiten:
            eerste = timezone.localdate(besluiten[0][1], zone)
            laatste_dag = timezone.localdate(besluiten[-1][1], zone)
            code = uitkomst_code(besluiten[-1][2])
            mijlpalen.append(("besluit:r1", "besluit", laatste_dag, code, None))
            if eerste_signaal is not None:
                dagen = max(0, (eerste - eerste_signaal).days)
                mijlpalen.append(("doorlooptijd:r1", "doorlooptijd", eerste, "", dagen))
            if afsluit_datum is not None:
                mijlpalen.append(("afsluiting:r1", "afsluiting", afsluit_datum, afsluiten, None))
            elif code == "afsluiten" and besluiten[-1][2].get("volgende_afweging") is None:
                mijlpalen.append(
                    ("afsluiting:r1", "afsluiting", laatste_dag, AFSLUITEN_ZONDER_HULP, None)
                )
        for sleutel, soort, datum, uitkomst, dagen in mijlpalen:
            t["mijlpaal"].rijen.append(
                (
                    t["mijlpaal"].nieuw_id(), org.id, casus_id, eigenaar, sleutel, soort,
                    w.datum(datum), uitkomst, dagen,
                )
            )  # fmt: skip
        if fase == "afgesloten" or not besluiten or hulpplan is None:
            return
        if besluiten[-1][2].get("volgende_afweging") != "5":
            return
        plan_id, plan_datum, evaluaties = hulpplan
        datum = min(dt.date.fromisoformat(d) for d in evaluaties)
        t["termijn"].rijen.append(
            (
                t["termijn"].nieuw_id(), org.id, casus_id, 1, fase,
                f"evaluatie:{plan_id}:{datum.isoformat()}", "evaluatie", eigenaar, "datum",
                w.datum(plan_datum), None, "", w.datum(datum), True,
                w.moment(self.nu), None,
            )
        )  # fmt: skip

    # -- writing ---------------------------------------------------------------------------

    def _schrijf(self) -> None:
        with connection.cursor() as cur:
            for tabel in self.t.values():
                if not tabel.rijen:
                    continue
                kolommen = ", ".join(connection.ops.quote_name(k) for k in tabel.kolommen)
                if connection.vendor == "postgresql":
                    ruw = cur.cursor
                    with ruw.copy(f"COPY {tabel.naam} ({kolommen}) FROM STDIN") as copy:
                        for rij in tabel.rijen:
                            copy.write_row(rij)
                else:
                    plaatsen = ", ".join(["%s"] * len(tabel.kolommen))
                    cur.executemany(
                        f"INSERT INTO {tabel.naam} ({kolommen}) VALUES ({plaatsen})",
                        tabel.rijen,
                    )
                self.resultaat.rijen[tabel.naam] = self.resultaat.rijen.get(tabel.naam, 0) + len(
                    tabel.rijen
                )
                tabel.rijen = []

    def _koppen(self, orgs: list[_Org]) -> None:
        for org in orgs:
            for naam, kop in (("gebeurtenissen", org.gebeurtenis), ("toegang", org.toegang)):
                Ketenkop.objects.update_or_create(
                    organisatie_id=org.id,
                    keten=naam,
                    defaults={"volgnummer": kop[0], "hash": kop[1]},
                )

    def _volgorde_herstellen(self) -> None:
        if connection.vendor != "postgresql":
            return
        modellen = [t.model for t in self.t.values() if t.id_zelf]
        with connection.cursor() as cur:
            for sql in connection.ops.sequence_reset_sql(no_style(), modellen):
                cur.execute(sql)

    def draai(self, processen: int = 1) -> Resultaat:
        """Generate everything; with ``processen`` > 1 the organisations are divided over that
        many processes (each organisation's hash chain stays in one process)."""
        self._kader()
        self._tabellen()
        with transaction.atomic():
            orgs = self._organisaties()
        for tabel in self.t.values():
            tabel.start()
        per_org = [
            self.n_casus // len(orgs) + (1 if j < self.n_casus % len(orgs) else 0)
            for j in range(len(orgs))
        ]
        processen = max(1, min(processen, len(orgs)))
        indexen = self._indexen_weg()
        try:
            if processen == 1:
                self._werk(orgs, per_org, 0, 1, None)
            else:
                self._parallel(orgs, per_org, processen)
        finally:
            self._indexen_terug(indexen)
        self.resultaat.casussen = self.n_casus
        self._volgorde_herstellen()
        self._statistieken()
        return self.resultaat

    def _indexen_weg(self) -> list[tuple[str, str]]:
        """Drop the secondary (non-unique) indexes of the tables being filled (on PostgreSQL
        also their foreign keys: ``_sleutels_weg``), and return how to build them again:
        building an index once over all rows is much cheaper than keeping it up to date row by
        row (docs/performance.md). Primary keys, unique indexes and other constraints stay, so a
        duplicate still fails at once. ``_indexen_terug`` rebuilds them, also when the
        generation fails."""
        tabellen = [t.naam for t in self.t.values()]
        with connection.cursor() as cur:
            if connection.vendor == "sqlite":
                plaatsen = ", ".join(["%s"] * len(tabellen))
                cur.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                    f"AND sql NOT LIKE 'CREATE UNIQUE%%' AND tbl_name IN ({plaatsen})",
                    tabellen,
                )
            elif connection.vendor == "postgresql":
                cur.execute(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = "
                    "current_schema() AND i.tablename = ANY(%s) AND i.indexdef NOT LIKE "
                    "'CREATE UNIQUE%%' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE "
                    "c.conname = i.indexname)",
                    [tabellen],
                )
            else:
                return []
            indexen = [(naam, sql) for naam, sql in cur.fetchall()]
            for naam, _sql in indexen:
                cur.execute(f"DROP INDEX {connection.ops.quote_name(naam)}")
            if connection.vendor == "postgresql":
                indexen += self._sleutels_weg(cur, tabellen)
        return indexen

    @staticmethod
    def _sleutels_weg(cur: Any, tabellen: list[str]) -> list[tuple[str, str]]:
        """PostgreSQL: drop the foreign keys of the tables being filled as well, and return how
        to add them again. Checked row by row (a trigger and a lookup per reference) they cost
        the server ~0.35 ms CPU per casus, 40 % of its work while loading; added again after
        the load, each is checked once over the whole table in one join, and a dangling
        reference still fails the generation (PostgreSQL's 'Populating a Database' advice)."""
        if connection.in_atomic_block:
            # Pending checks of rows written earlier in the enclosing transaction (the tests)
            # forbid altering those tables: run them now.
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cur.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[]) "
            "ORDER BY 1, 2",
            [tabellen],
        )
        sleutels = []
        for tabel, naam, definitie in cur.fetchall():
            tabel_q, naam_q = connection.ops.quote_name(tabel), connection.ops.quote_name(naam)
            cur.execute(f"ALTER TABLE {tabel_q} DROP CONSTRAINT {naam_q}")
            sleutels.append((naam, f"ALTER TABLE {tabel_q} ADD CONSTRAINT {naam_q} {definitie}"))
        return sleutels

    def _indexen_terug(self, indexen: list[tuple[str, str]]) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                # The index builds get the memory a bulk build wants (this session only).
                cur.execute("SET maintenance_work_mem = '256MB'")
                # Inside an enclosing transaction (the tests) the deferred foreign-key checks
                # of the rows just written are still pending, and PostgreSQL builds no index
                # on a table with pending trigger events: run them now.
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        elif connection.vendor == "sqlite" and indexen:
            with connection.cursor() as cur:
                cur.execute(f"PRAGMA cache_size = {SQLITE_CACHE}")  # the sorts stay in memory
        for _naam, sql in indexen:
            with connection.cursor() as cur:
                cur.execute(sql)
        if connection.vendor == "sqlite" and indexen:
            with connection.cursor() as cur:
                cur.execute("PRAGMA cache_size = -2000")

    def _statistieken(self) -> None:
        """Fresh planner statistics after a bulk load. Without them SQLite guesses between
        indexes of equal shape, and picked the organisation's audit index (scanning all its
        rows) over the casus's for a casus timeline: 190 ms instead of < 1 ms at 10,000
        casussen (docs/performance.md). PostgreSQL's autovacuum would get there later."""
        with connection.cursor() as cur:
            cur.execute("ANALYZE")

    def _parallel(self, orgs: list[_Org], per_org: list[int], processen: int) -> None:
        import multiprocessing
        import time

        connection.close()  # every process opens its own
        ctx = multiprocessing.get_context("fork")
        teller = ctx.Value("q", 0)
        uitslagen: Any = ctx.Queue()
        kinderen = []
        for k in range(processen):
            deel = list(range(k, len(orgs), processen))
            kind = ctx.Process(
                target=self._kind,
                args=([orgs[j] for j in deel], [per_org[j] for j in deel], k, processen,
                      teller, uitslagen),
            )  # fmt: skip
            kind.start()
            kinderen.append(kind)
        klaar = 0
        while klaar < processen:
            try:
                rijen = uitslagen.get(timeout=0.5)
            except Exception:  # queue.Empty: show progress and wait on
                rijen = None
            if rijen is not None:
                klaar += 1
                if isinstance(rijen, str):
                    for kind in kinderen:
                        kind.terminate()
                    raise RuntimeError(f"Een genererend proces faalde: {rijen}")
                for tabel, aantal in rijen.items():
                    self.resultaat.rijen[tabel] = self.resultaat.rijen.get(tabel, 0) + aantal
            if self.voortgang:
                self.voortgang(teller.value, self.n_casus)
        for kind in kinderen:
            kind.join()
        time.sleep(0)

    def _kind(
        self,
        orgs: list[_Org],
        per_org: list[int],
        k: int,
        processen: int,
        teller: Any,
        uitslagen: Any,
    ) -> None:
        try:
            self._werk(orgs, per_org, k, processen, teller)
            uitslagen.put(self.resultaat.rijen)
        except BaseException as fout:  # reported to the parent, which stops
            uitslagen.put(f"{type(fout).__name__}: {fout}")
        finally:
            connection.close()

    def _werk(
        self, orgs: list[_Org], per_org: list[int], k: int, processen: int, teller: Any
    ) -> None:
        """Generate this process's organisations: ids interleaved with the other processes."""
        self.rnd = random.Random(self.seed * 1000 + k)
        sneller = connection.vendor == "sqlite" and not connection.in_atomic_block
        if sneller:
            # No fsync per commit while generating (this connection only; the settings' WAL
            # journal stays): a crash mid-generation means generating again, not lost work.
            with connection.cursor() as cur:
                cur.execute("PRAGMA synchronous = OFF")
                # A page cache that holds the unique indexes filled in random order (uuids):
                # SQLite's 2 MB default reads their pages again and again at a million casussen.
                cur.execute(f"PRAGMA cache_size = {SQLITE_CACHE}")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # The same for PostgreSQL, in this session only: a commit does not wait for its
            # WAL to reach the disk (fsync stays on; a crash loses at most the last batches).
            with connection.cursor() as cur:
                cur.execute("SET synchronous_commit = off")
        from django.utils import timezone

        self._zone = timezone.get_current_timezone()
        self.sleutelset = sleutelset()
        self.ketensleutel = crypto.hmac_hexer(hmac_sleutel("keten"))
        for tabel in self.t.values():
            tabel.volgend_id += k
            tabel.stap = processen
        rooster = [j for j, n in enumerate(per_org) for _i in range(n)]
        self.rnd.shuffle(rooster)
        gedaan = 0
        while gedaan < len(rooster):
            partij = rooster[gedaan : gedaan + PARTIJ]
            for j in partij:
                self._casus(orgs[j], gedaan)
            with transaction.atomic():
                self._schrijf()
                self._koppen(orgs)
            gedaan += len(partij)
            if teller is not None:
                with teller.get_lock():
                    teller.value += len(partij)
            elif self.voortgang:
                self.voortgang(gedaan, len(rooster))
        if sneller:
            with connection.cursor() as cur:
                cur.execute("PRAGMA synchronous = FULL")  # as conf.base sets it
                cur.execute("PRAGMA cache_size = -2000")  # SQLite's default


def _iso(moment: dt.datetime) -> str:
    """A moment as the hash chain's canonical form has it (``keten._normaal``)."""
    if moment.tzinfo is dt.UTC and not moment.microsecond:
        return moment.isoformat()[:19] + ".000000+00:00"  # the same text, one call
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _json_token(token: str | None) -> str | None:
    """A token as a JSON string: tokens hold only letters, digits and ``:_-`` (``mw1``, a hex
    key id, base64url), which JSON writes as they are; so no encoder call per value."""
    return None if token is None else f'"{token}"'


def _kop(organisatie_id: int, naam: str) -> Iterator[Any]:
    kop = Ketenkop.objects.filter(organisatie_id=organisatie_id, keten=naam).first()
    if kop is None:
        return iter((0, keten.begin(organisatie_id, naam)))
    return iter((kop.volgnummer, kop.hash))


def schrijf_credentials(pad: Path, rijen: list[dict[str, Any]], basis_url: str = "") -> None:
    """The generated users' logins (password and TOTP secret), readable by the owner only."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"formaat": "meldwijzer-synthetisch/1", "gebruikers": rijen}, f, indent=1)
