"""One casus with everything it brings, record by record in the order a beroepskracht would
write them: its data key, betrokkenen and notes (stap 1), consultatie, gesprek and weging
(stappen 2-4), answers and besluiten (stap 5), a melding, a hulpplan or an afsluiting as the
engine's outcome asks, each with its audit row and some with an access row; then the casus row
itself and what rapportage derives from it (``projectie``)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import TYPE_CHECKING, Any

from meldwijzer.sleutels import crypto
from meldwijzer.sleutels.zoekindex import zoekwaarde
from meldwijzer.synthetisch import teksten
from meldwijzer.synthetisch.genereer.ketenrijen import Ketenrijen
from meldwijzer.synthetisch.genereer.organisaties import Org, kenmerk
from meldwijzer.synthetisch.genereer.projectie import Casusrijen, Verloop, projecteer
from meldwijzer.synthetisch.genereer.tabellen import json_gesorteerd

if TYPE_CHECKING:
    from meldwijzer.synthetisch.genereer.generator import Generator

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


class Casusbouwer:
    """One casus of one organisation: its owner, profile and start drawn from the generator's
    random source, its rows added to the generator's tables."""

    def __init__(self, generator: Generator, org: Org) -> None:
        rnd = self.rnd = generator.rnd
        self.gen = generator
        self.w, self.t = generator.w, generator.t
        self.org = org
        self.eigenaar, self.eigenaar_naam = org.beroepskrachten[
            rnd.randrange(len(org.beroepskrachten))
        ]
        profiel = rnd.choices(PROFIELEN, weights=generator.gewichten)[0]
        _aandeel, self.fase, self.pad, self.afsluiten = profiel
        # Spread over the last three years, the newest the fullest.
        self.start = generator.nu - dt.timedelta(
            days=int(1095 * rnd.random() ** 1.5), seconds=rnd.randrange(86400)
        )
        self.moment = self.start
        self.stap = {"1": 1, "2": 2, "3": 3, "4": 4}.get(self.fase, 5)
        # What rapportage.projectie derives from, filled in as the records are written.
        self.verloop = Verloop(fase=self.fase, start=self.start, afsluiten=self.afsluiten)
        self.laatste_besluit: int | None = None

    def later(self, uren: float = 24.0) -> dt.datetime:
        """The next moment of activity, at most ``uren`` hours on (never in the future)."""
        self.moment = self.moment + dt.timedelta(
            seconds=self.rnd.randrange(600, int(uren * 3600) + 601)
        )
        return min(self.moment, self.gen.laatst)

    def v(self, tekst: str) -> str:
        return self.versleutel(tekst) if tekst else tekst

    def vj(self, waarde: Any) -> str:
        return f'"{self.versleutel(json_gesorteerd(waarde))}"'  # as json_token

    def vast(self, tabel: str, tijd: dt.datetime) -> tuple[int, tuple[Any, ...]]:
        """A new row's id and the fields every record of the casus begins with."""
        rij_id = self.t[tabel].nieuw_id()
        return rij_id, (rij_id, self.casus_id, 1, self.eigenaar, self.w.moment(tijd))

    def bouw(self) -> None:
        self._sleutel()
        self.casus_id = self.t["casus"].nieuw_id()
        self.kenmerk = kenmerk(self.org, self.start.year)
        self.titel = teksten.TITELS[self.rnd.randrange(len(teksten.TITELS))]
        self.keten = Ketenrijen(
            tabellen=self.t,
            waarden=self.w,
            rnd=self.rnd,
            org=self.org,
            casus_id=self.casus_id,
            eigenaar=self.eigenaar,
            eigenaar_naam=self.eigenaar_naam,
            sjablonen=self.gen.sjablonen.van(self.org.id, self.eigenaar, self.eigenaar_naam),
            ketensleutel=self.gen.ketensleutel,
            versleutel=self.v,
        )
        self.keten.gebeurtenis(
            "casus.geopend",
            self.start,
            "dossier.casus",
            self.casus_id,
            {
                "kenmerk": self.kenmerk,
                "titel": self.titel,
                "kader_versie": self.gen.versie.pk,
                "route": "",
                "fase": "1",
            },
        )
        self.keten.toegang("casus.overzicht", self.later(0.1))
        self._stappen_1_tot_4()
        self._stap_5()
        self._afronding()
        self._casusrij()
        doel = Casusrijen(
            tabellen=self.t,
            waarden=self.w,
            organisatie_id=self.org.id,
            casus_id=self.casus_id,
            eigenaar=self.eigenaar,
            zone=self.gen.zone,
            nu=self.gen.nu,
            totalen=self.gen.totalen,
        )
        projecteer(doel, self.verloop)

    def _sleutel(self) -> None:
        """The casus's own data key, wrapped under the active environment key."""
        set_ = self.gen.sleutelset
        datasleutel = crypto.nieuwe_datasleutel()
        self.sleutel_id = uuid.uuid4()
        self.versleutel = crypto.versleutelaar(datasleutel, self.sleutel_id.hex, voorraad=64)
        self.t["sleutel"].rijen.append(
            (
                self.w.uuid(self.sleutel_id),
                self.org.id,
                set_.actief_id,
                crypto.verpak(set_.actief, datasleutel, self.sleutel_id, self.org.id),
                self.w.moment(self.start),
                self.w.moment(self.start),
            )
        )

    # -- stappen 1-4 ---------------------------------------------------------------------------

    def _stappen_1_tot_4(self) -> None:
        self._betrokkenen()
        self._signalen()
        if self.stap >= 2:
            self._consultatie()
        if self.stap >= 3:
            self._gesprek()
        if self.stap >= 4:
            self._weging()

    def _betrokkenen(self) -> None:
        """A child and one or two adults; some with name and birth date."""
        rnd, v = self.rnd, self.v
        for i in range(rnd.choice((2, 3, 3, 4))):
            tijd = self.later(2)
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
            rij_id, kop = self.vast("betrokkene", tijd)
            self.t["betrokkene"].rijen.append(
                (
                    *kop, rol, leeftijd, None, v(relatie), v(naam),
                    v(geboren.isoformat()) if geboren else None,
                    zoekwaarde(self.org.id, naam, geboren),
                )
            )  # fmt: skip
            self.keten.gebeurtenis(
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

    def _signalen(self) -> None:
        """Notes of stap 1: about eight."""
        rnd, v = self.rnd, self.v
        for _i in range(max(1, int(rnd.gauss(8, 2.5)))):
            tijd = self.later(48)
            datum = tijd.date() - dt.timedelta(days=rnd.randrange(3))
            self.verloop.eerste_signaal = min(self.verloop.eerste_signaal or datum, datum)
            bron = rnd.choice(("eigen", "eigen", "verteld", "derde"))
            bron_wie = "" if bron == "eigen" else rnd.choice(("moeder", "leerkracht", "buurvrouw"))
            aard = "feit" if rnd.random() < 0.7 else "mening"
            tekst = teksten.SIGNAALTEKSTEN[rnd.randrange(len(teksten.SIGNAALTEKSTEN))]
            rij_id, kop = self.vast("signaal", tijd)
            self.t["signaal"].rijen.append(
                (
                    *kop, self.w.datum(datum), bron, v(bron_wie), aard, v(tekst), "[]", "[]",
                    False,
                )
            )  # fmt: skip
            self.keten.gebeurtenis(
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
                self.keten.toegang("casus.signalen", self.later(1))

    def _consultatie(self) -> None:
        tijd = self.later(72)
        met_wie = self.rnd.choice(("collega", "aandachtsfunctionaris", "veilig_thuis"))
        advies = self.rnd.choice(teksten.ADVIEZEN)
        rij_id, kop = self.vast("consultatie", tijd)
        self.t["consultatie"].rijen.append(
            (
                *kop, met_wie, self.v("aandachtsfunctionaris"), self.w.datum(tijd.date()),
                self.v(advies),
            )
        )  # fmt: skip
        if met_wie == "veilig_thuis":
            self.verloop.consultatie_vt = (rij_id, tijd.date())
        self.keten.gebeurtenis(
            "consultatie.vastgelegd",
            tijd,
            "dossier.consultatie",
            rij_id,
            {"met_wie": met_wie, "datum": tijd.date().isoformat(), "advies": advies},
        )

    def _gesprek(self) -> None:
        tijd = self.later(72)
        reactie = self.rnd.choice(teksten.REACTIES)
        rij_id, kop = self.vast("gesprek", tijd)
        self.t["gesprek"].rijen.append(
            (*kop, True, self.v("beide ouders"), self.w.datum(tijd.date()), self.v(reactie), "", "")
        )
        self.keten.gebeurtenis(
            "gesprek.vastgelegd",
            tijd,
            "dossier.gesprek",
            rij_id,
            {"gevoerd": True, "datum": tijd.date().isoformat(), "reactie": reactie},
        )

    def _weging(self) -> None:
        tijd = self.later(72)
        ernst = self.rnd.choice(teksten.WEGINGEN)
        rij_id, kop = self.vast("weging", tijd)
        self.t["weging"].rijen.append(
            (*kop, self.w.datum(tijd.date()), self.v(ernst),
             self.v("Fictief: schulden, isolement."), self.v("Fictief: betrokken grootouders."))
        )  # fmt: skip
        self.keten.gebeurtenis(
            "weging.vastgelegd",
            tijd,
            "dossier.weging",
            rij_id,
            {"datum": tijd.date().isoformat(), "aard_en_ernst": ernst},
        )
        self.keten.toegang("casus.weging", self.later(1))

    # -- stap 5 --------------------------------------------------------------------------------

    def _stap_5(self) -> None:
        """Answers, and a besluit after the last answer (and one earlier in a few)."""
        if not self.pad:
            return
        pad = self.pad
        antwoorden: list[dict[str, Any]] = []
        for i, (afweging, antwoord) in enumerate(pad):
            tijd = self.later(24)
            antwoorden.append(self._antwoord(afweging, antwoord, tijd))
            laatste = i == len(pad) - 1
            if not (laatste or (i == len(pad) - 2 and i > 0 and self.rnd.random() < 0.4)):
                continue
            self._besluit(tuple(pad[: i + 1]), antwoorden, tijd)
            antwoorden = list(antwoorden)
            self.keten.toegang("casus.besluit", self.later(0.5))

    def _antwoord(self, afweging: str, antwoord: str, tijd: dt.datetime) -> dict[str, Any]:
        vraag, label = self.gen.labels[(afweging, antwoord)]
        toelichting = f"Fictief: toelichting bij afweging {afweging}."
        a_id = self.t["antwoord"].nieuw_id()
        self.t["antwoord"].rijen.append(
            (
                a_id, self.casus_id, 1, afweging, antwoord, self.v(toelichting), "[]", "{}", False,
                "",
                None, self.vj({}), self.eigenaar, self.w.moment(tijd), None,
            )
        )  # fmt: skip
        self.keten.gebeurtenis(
            "afweging.beantwoord",
            tijd,
            "dossier.antwoord",
            a_id,
            {"afweging": afweging, "antwoord": antwoord, "toelichting": toelichting},
        )
        return {
            "afweging": afweging,
            "vraag": vraag,
            "antwoord": antwoord,
            "label": label,
            "toelichting": toelichting,
            "signalen": [],
            "bronnen": {},
            "samen_met_veilig_thuis": False,
            "vt_contact": "",
            "vt_datum": None,
            "voorwaarden": {},
            "beantwoord_door": self.eigenaar_naam,
            "beantwoord_door_id": self.eigenaar,
            "beantwoord_op": tijd.isoformat(),
        }

    def _besluit(
        self, deel: tuple[tuple[str, str], ...], antwoorden: list[dict[str, Any]], tijd: dt.datetime
    ) -> None:
        """The engine's outcome for the answers so far, replacing the besluit before it."""
        besluiten = self.verloop.besluiten
        uitkomst = self.gen.uitkomst[deel]
        b_id = self.t["besluit"].nieuw_id()
        self.t["besluit"].rijen.append(
            (
                b_id, self.casus_id, 1, len(besluiten) + 1, self.gen.versie.pk,
                self.vj(antwoorden), "[]", self.gen.uitkomst_json[deel], self.laatste_besluit,
                self.eigenaar, self.w.moment(tijd),
            )
        )  # fmt: skip
        self.keten.gebeurtenis(
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
        self.laatste_besluit = b_id

    # -- what the outcome asks, and the casus itself -------------------------------------------

    def _afronding(self) -> None:
        """A melding or a hulpplan as the last besluit asks; the afsluiting when closed."""
        besluiten = self.verloop.besluiten
        uitkomst = besluiten[-1][2] if besluiten else None
        acties = set(uitkomst["acties_soort"].values()) if uitkomst else set()
        if "melden" in acties:
            self._melding()
        if "hulp" in acties:
            self._hulpplan()
        if self.fase == "afgesloten":
            self._afsluiting()
        elif self.stap > 1:
            self.keten.gebeurtenis(
                "casus.stap",
                self.moment,
                "dossier.casus",
                self.casus_id,
                {"fase": self.fase},
                oud={"fase": "1"},
            )
        self.keten.toegang("casus.overzicht", self.later(4))

    def _melding(self) -> None:
        v = self.v
        tijd = self.later(48)
        datum = tijd.date()
        rij_id, kop = self.vast("melding", tijd)
        self.verloop.melding = (rij_id, datum)
        self.t["melding"].rijen.append(
            (
                *kop, self.laatste_besluit, False, "", self.w.datum(datum), "telefoon",
                v("medewerker Veilig Thuis (fictief)"), v(f"VT-{self.rnd.randrange(10**6):06d}"),
                True, v("Fictief: in een gesprek met moeder."), "", "",
            )
        )  # fmt: skip
        self.keten.gebeurtenis(
            "melding.vastgelegd",
            tijd,
            "dossier.melding",
            rij_id,
            {"datum": datum.isoformat(), "wijze": "telefoon", "spoed": False},
        )

    def _hulpplan(self) -> None:
        v = self.v
        tijd = self.later(72)
        evaluaties = [(tijd.date() + dt.timedelta(weeks=n)).isoformat() for n in (6, 12)]
        rij_id, kop = self.vast("hulpplan", tijd)
        self.t["hulpplan"].rijen.append(
            (
                *kop, 1, None, self.w.datum(tijd.date()), v("Fictief: veilige thuissituatie."),
                v("Fictief: geen nieuwe incidenten."), v("Fictief: ouders volgen training."),
                v("Fictief: wekelijks contact."), False, "", json.dumps(evaluaties),
            )
        )  # fmt: skip
        self.verloop.hulpplan = (rij_id, tijd.date(), evaluaties)
        self.keten.gebeurtenis(
            "hulpplan.vastgelegd",
            tijd,
            "dossier.hulpplan",
            rij_id,
            {"volgnummer": 1, "datum": tijd.date().isoformat(), "evaluatiedata": evaluaties},
        )

    def _afsluiting(self) -> None:
        tijd = self.later(96)
        self.afgesloten_op = tijd
        if self.afsluiten:
            datum = self.verloop.afsluit_datum = tijd.date()
            self.conclusie = "Fictief: traject afgerond, afspraken vastgelegd."
            rij_id, kop = self.vast("afsluiting", tijd)
            self.t["afsluiting"].rijen.append(
                (
                    *kop, self.laatste_besluit, self.afsluiten, self.w.datum(datum),
                    self.v(self.conclusie), self.v("wijkteam (fictief)"), "", None,
                )
            )  # fmt: skip
            self.keten.gebeurtenis(
                "afsluiting.vastgelegd",
                tijd,
                "dossier.afsluiting",
                rij_id,
                {"soort": self.afsluiten, "datum": datum.isoformat()},
            )
        self.keten.gebeurtenis(
            "casus.afgesloten",
            tijd,
            "dossier.casus",
            self.casus_id,
            {"fase": "afgesloten"},
            oud={"fase": "5"},
        )

    afgesloten_op: dt.datetime | None = None
    conclusie = ""

    def _casusrij(self) -> None:
        """Written as a whole, like a casus from before per-part versions (docs/adr/0013)."""
        w, org = self.w, self.org
        versie = 1 + self.rnd.randrange(5, 25)
        self.t["casus"].rijen.append(
            (
                self.casus_id, w.uuid(uuid.uuid4()), org.id, self.eigenaar, self.kenmerk,
                w.uuid(self.sleutel_id), self.v(self.titel), self.gen.versie.pk, "", self.fase,
                1, self.v(self.conclusie), w.moment(self.start), w.moment(self.moment),
                w.moment(self.afgesloten_op), versie, json.dumps({"*": versie}),
                org.gebeurtenis[0],
            )
        )  # fmt: skip
