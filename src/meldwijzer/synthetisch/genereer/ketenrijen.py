"""A casus's rows in its organisation's audit trail and access log, built as activity would have
written them and linked into each chain (``keten.schakel_tekst``) without a round trip: the
canonical text of a row is a template with the values an owner's rows share encoded once."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from meldwijzer.audit import keten
from meldwijzer.synthetisch.genereer.organisaties import Org
from meldwijzer.synthetisch.genereer.tabellen import Tabel, Waarden, json_gesorteerd

# The fields of each chain's canonical text that differ per row, in the template's order.
SJABLOON_GEBEURTENIS = (
    "casus_id", "nieuw", "object_id", "object_type", "oud", "soort", "tijdstip",
)  # fmt: skip
SJABLOON_TOEGANG = ("actie", "casus_id", "ip_adres", "onderdeel", "tijdstip")


class Sjablonen:
    """The canonical texts of each owner's audit and access rows, made once per owner."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, int], tuple[str, str]] = {}

    def van(self, org_id: int, eigenaar: int, naam: str) -> tuple[str, str]:
        """The canonical texts of an owner's audit and access rows with the values they share
        encoded once (``keten.sjabloon``); ``Ketenrijen`` fills in the others, in this order."""
        sleutel = (org_id, eigenaar)
        if sleutel not in self._cache:
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
                # A field added to a chain must be filled in by Ketenrijen too.
                raise RuntimeError(f"Ketenvelden gewijzigd: {g_open}, {t_open}")
            self._cache[sleutel] = (g, t)
        return self._cache[sleutel]


class Ketenrijen:
    """One casus's audit and access rows, all by its owner."""

    def __init__(
        self,
        *,
        tabellen: dict[str, Tabel],
        waarden: Waarden,
        rnd: random.Random,
        org: Org,
        casus_id: int,
        eigenaar: int,
        eigenaar_naam: str,
        sjablonen: tuple[str, str],
        ketensleutel: Callable[[bytes], str],
        versleutel: Callable[[str], str],
    ) -> None:
        self.gebeurtenissen = tabellen["gebeurtenis"]
        self.toegangen = tabellen["toegang"]
        self.w = waarden
        self.rnd = rnd
        self.org = org
        self.casus_id = casus_id
        self.casus_json = str(casus_id)
        self.eigenaar = eigenaar
        self.eigenaar_naam = eigenaar_naam
        self.sjabloon_g, self.sjabloon_t = sjablonen
        self.ketensleutel = ketensleutel
        self.versleutel = versleutel

    def gebeurtenis(
        self, soort: str, tijd: dt.datetime, obj: str, obj_id: int, nieuw: Any, oud: Any = None
    ) -> None:
        org, versleutel, json_waarde = self.org, self.versleutel, keten.json_waarde
        rij_id = self.gebeurtenissen.nieuw_id()
        nieuw_t = versleutel(json_gesorteerd(nieuw))
        oud_t = versleutel(json_gesorteerd(oud)) if oud else None
        # The row's canonical values (keten.KETENS), those of this owner encoded once.
        tekst = self.sjabloon_g % (
            self.casus_json, json_token(nieuw_t), f'"{obj_id}"', json_waarde(obj),
            json_token(oud_t) or "null", json_waarde(soort), f'"{iso(tijd)}"',
        )  # fmt: skip
        kop = org.gebeurtenis
        kop[0] += 1
        kop[1] = keten.schakel_tekst(
            self.ketensleutel, "gebeurtenissen", org.id, kop[0], kop[1], tekst
        )
        self.gebeurtenissen.rijen.append(
            (
                rij_id, org.id, self.casus_id, self.eigenaar, self.eigenaar_naam,
                "beroepskracht", self.w.moment(tijd), soort, obj, str(obj_id),
                json_token(oud_t), json_token(nieuw_t), "",
                kop[0], kop[1],
            )
        )  # fmt: skip

    def toegang(self, onderdeel: str, tijd: dt.datetime, actie: str = "inzien") -> None:
        org, rnd, json_waarde = self.org, self.rnd, keten.json_waarde
        ip = f"10.{org.id % 250}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"
        tekst = self.sjabloon_t % (
            json_waarde(actie), self.casus_json, f'"{ip}"', json_waarde(onderdeel),
            f'"{iso(tijd)}"',
        )  # fmt: skip
        kop = org.toegang
        kop[0] += 1
        kop[1] = keten.schakel_tekst(self.ketensleutel, "toegang", org.id, kop[0], kop[1], tekst)
        self.toegangen.rijen.append(
            (
                self.toegangen.nieuw_id(), org.id, self.eigenaar, "beroepskracht",
                self.casus_id, None, actie, "toegestaan", "eigenaar", None, onderdeel, None,
                ip, self.w.moment(tijd), kop[0], kop[1],
            )
        )  # fmt: skip


def iso(moment: dt.datetime) -> str:
    """A moment as the hash chain's canonical form has it (``keten._normaal``)."""
    global _iso_moment, _iso_tekst
    if moment is _iso_moment:  # an audit row and the access row after it often share one
        return _iso_tekst
    if moment.tzinfo is dt.UTC and not moment.microsecond:
        tekst = moment.isoformat()[:19] + ".000000+00:00"  # the same text, one call
    else:
        tekst = moment.astimezone(dt.UTC).isoformat(timespec="microseconds")
    _iso_moment, _iso_tekst = moment, tekst
    return tekst


_iso_moment: dt.datetime | None = None
_iso_tekst = ""


def json_token(token: str | None) -> str | None:
    """A token as a JSON string: tokens hold only letters, digits and ``:_-`` (``mw1``, a hex
    key id, base64url), which JSON writes as they are; so no encoder call per value."""
    return None if token is None else f'"{token}"'
