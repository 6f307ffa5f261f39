"""Two app nodes behind a real load balancer, on real parts (docs/deploy.md, 'Meer dan één
machine'; docs/adr/0020): PostgreSQL, Redis, two gunicorn nodes with the same keys and nginx
between them, each started and stopped here, all on loopback.

Proves, in this order (the servers are shared, the last test kills a node): a session made
through one node works through the other; an API token's limit and the per-address login limit
hold across both nodes together (with a cache per process each of the four workers would count
for itself); a login lockout holds across nodes; a write through one node invalidates the
dashboard seen through the other; the audit chain stays valid with writes interleaved through
both; ``meldwijzer taken`` started on both nodes at once sends every reminder exactly once; a
job whose lock another process holds exits 0 and says so, and the lock of a killed holder is
free again; without Redis both nodes keep serving, say so on /health and keep counting the
limits (in the database); a node killed with SIGKILL mid-write loses no acknowledged write and the
other keeps serving.

Runs on PostgreSQL only (DATABASE_URL), in a database of its own; `make multinode-test`, and
the PostgreSQL stage of the test command. No timing is asserted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import subprocess
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from meerdere_nodes import servers
from meerdere_nodes.servers import Balancer, Browser, Node, Redis, api, meldwijzer
from meldwijzer.rapportage.tests.mailserver import Mailserver

pytestmark = pytest.mark.meerdere_nodes

VERPLICHT = os.environ.get("MELDWIJZER_MEERDERE_NODES") == "verplicht"


def _vereisten() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return "DATABASE_URL wijst niet naar PostgreSQL"
    for pad in (servers.REDIS, servers.NGINX, servers.BIN / "gunicorn"):
        if not pad.exists():
            return f"{pad} ontbreekt (make multinode-deps)"
    return None


@dataclass
class Cluster:
    map: Path
    env: dict[str, str]
    redis: Redis
    nodes: list[Node]
    nginx: Balancer
    mail: Mailserver
    gebruikers: list[dict[str, Any]]
    token: str  # casus:lezen + casus:schrijven, acting for a beroepskracht of organisation 1
    database_url: str

    def gebruiker(self, rol: str, organisatie: int = 1, nummer: int = 0) -> dict[str, Any]:
        return [g for g in self.gebruikers if g["rol"] == rol and g["organisatie"] == organisatie][
            nummer
        ]

    def sql(self, query: str) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as verbinding:
            cursor = verbinding.execute(query)
            return cursor.fetchall() if cursor.description else []


def _klaarzetten(map_: Path, env: dict[str, str]) -> tuple[list[dict[str, Any]], str]:
    for stap in (
        [str(servers.BIN / "python"), "-m", "django", "migrate", "--noinput", "-v0"],
        [str(servers.BIN / "meldwijzer"), "demo", "genereer", "--organisaties", "2",
         "--casussen", "40", "--processen", "1", "--inloggegevens", str(map_ / "inlog.json")],
    ):  # fmt: skip
        uit = subprocess.run(stap, env=env, cwd=servers.ROOT, capture_output=True, text=True)
        assert uit.returncode == 0, uit.stderr[-2000:]
    gebruikers = json.loads((map_ / "inlog.json").read_text())["gebruikers"]
    beheerder = next(g for g in gebruikers if g["rol"] == "beheerder" and g["organisatie"] == 1)
    namens = next(g for g in gebruikers if g["rol"] == "beroepskracht" and g["organisatie"] == 1)
    uit = meldwijzer(
        env, "applicatie", "registreer", "--beheerder", beheerder["gebruikersnaam"],
        "--naam", "ECD", "--scope", "casus:lezen", "--scope", "casus:schrijven",
        "--namens", namens["gebruikersnaam"],
        "--tot", (dt.date.today() + dt.timedelta(days=30)).isoformat(),
    )  # fmt: skip
    assert uit.returncode == 0, uit.stderr
    return gebruikers, uit.stdout.strip()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    reden = _vereisten()
    if reden:
        if VERPLICHT:
            pytest.fail(f"De test met twee nodes kan niet draaien: {reden}.")
        pytest.skip(reden)
    map_ = tmp_path_factory.mktemp("twee-nodes")
    map_.chmod(0o755)
    basis = os.environ["DATABASE_URL"]
    naam = f"meldwijzer_nodes_{secrets.token_hex(4)}"
    database_url = servers.maak_database(basis, naam)
    redis = nginx = None
    nodes: list[Node] = []
    try:
        with Mailserver() as mail:
            redis = Redis(map_)
            env = servers.omgeving(map_, database_url, redis.poort, mail.poort)
            gebruikers, token = _klaarzetten(map_, env)
            nodes = [Node("node1", map_, env), Node("node2", map_, env)]
            nginx = Balancer(map_, nodes)
            yield Cluster(map_, env, redis, nodes, nginx, mail, gebruikers, token, database_url)
    finally:
        for server in (nginx, *nodes, redis):
            if server is not None:
                server.stop()
        servers.verwijder_database(basis, naam)
        servers.opruimen(map_)


def test_een_sessie_van_de_ene_node_werkt_op_de_andere(cluster):
    b = Browser()
    b.log_in(cluster.nginx.poort, cluster.gebruiker("beroepskracht", 1, 1))
    for node in cluster.nodes:
        assert b.vraag(node.poort, "GET", "/over/").status == 200
    # nginx spreads the requests over both nodes.
    bediend = {b.vraag(cluster.nginx.poort, "GET", "/over/", direct=False).koppen["x-node"]
               for _i in range(4)}  # fmt: skip
    assert bediend == {f"127.0.0.1:{n.poort}" for n in cluster.nodes}


def test_de_limiet_van_een_token_geldt_voor_beide_nodes_samen(cluster):
    """60 calls a minute (MELDWIJZER_API_LIMIET): 120 at once, half to each node, give exactly
    60 answers and 60 refusals — with a cache per process each of the four workers allowed 60."""
    token = _nieuw_token(cluster)
    poorten = [cluster.nodes[i % 2].poort for i in range(120)]
    with ThreadPoolExecutor(8) as pool:
        statussen = list(pool.map(lambda p: api(p, "GET", "/api/casussen", token).status,
                                  poorten))  # fmt: skip
    assert Counter(statussen) == {200: 60, 429: 60}
    weigering = api(cluster.nodes[0].poort, "GET", "/api/casussen", token)
    assert weigering.status == 429 and int(weigering.koppen["retry-after"]) >= 1
    assert any(
        k.startswith(b":1:throttle_meldwijzer-api_") for k in cluster.redis.client().scan_iter()
    )


def test_de_rem_per_adres_geldt_voor_beide_nodes_samen(cluster):
    """Six failed logins (MELDWIJZER_INLOGADRES_LIMIET) from one address, alternately through
    each node: then the seventh login from that address is slowed on both, even with the right
    password."""
    for i in range(6):
        b = Browser(adres="203.0.113.7")
        poort = cluster.nodes[i % 2].poort
        b.vraag(poort, "GET", "/inloggen/")
        a = b.vraag(poort, "POST", "/inloggen/", {"username": f"sproei-{i}", "password": "fout"})
        assert a.status == 200, a.status
    goed = cluster.gebruiker("beroepskracht", 2, 0)
    for node in cluster.nodes:
        b = Browser(adres="203.0.113.7")
        b.vraag(node.poort, "GET", "/inloggen/")
        a = b.vraag(
            node.poort,
            "POST",
            "/inloggen/",
            {"username": goed["gebruikersnaam"], "password": goed["wachtwoord"]},
        )
        assert a.status == 429, a.status
    # Another address is not slowed.
    b = Browser(adres="198.51.100.9")
    b.log_in(cluster.nodes[1].poort, goed, direct=True)


def test_een_blokkade_geldt_op_beide_nodes(cluster):
    """Five wrong passwords for one account, alternately through each node (from five addresses,
    so the address limit plays no part): the account is locked on both."""
    slachtoffer = cluster.gebruiker("beroepskracht", 2, 1)
    for i in range(5):
        b = Browser(adres=f"192.0.2.{10 + i}")
        poort = cluster.nodes[i % 2].poort
        b.vraag(poort, "GET", "/inloggen/")
        velden = {"username": slachtoffer["gebruikersnaam"], "password": "niet-het-wachtwoord"}
        b.vraag(poort, "POST", "/inloggen/", velden)
    for node in cluster.nodes:
        b = Browser(adres="192.0.2.99")
        b.vraag(node.poort, "GET", "/inloggen/")
        velden = {"username": slachtoffer["gebruikersnaam"], "password": slachtoffer["wachtwoord"]}
        assert b.vraag(node.poort, "POST", "/inloggen/", velden).status == 429


def _gestart(pagina: str) -> int:
    gevonden = re.search(r"Casussen gestart</dt>\s*<dd>(\d+)</dd>", pagina)
    assert gevonden, pagina[:500]
    return int(gevonden.group(1))


def test_een_schrijfactie_via_de_ene_node_ververst_het_dashboard_op_de_andere(cluster):
    af = Browser()
    af.log_in(cluster.nginx.poort, cluster.gebruiker("aandachtsfunctionaris", 1))
    een, twee = cluster.nodes
    voor = af.vraag(een.poort, "GET", "/dashboard/")
    assert voor.status == 200
    # Counted once, for both nodes: the counts are in Redis, and node 2 shows the same.
    sleutels = [k for k in cluster.redis.client().scan_iter() if b"meldwijzer.dashboard:" in k]
    assert len(sleutels) == 1
    assert _gestart(af.vraag(twee.poort, "GET", "/dashboard/").tekst) == _gestart(voor.tekst)
    nieuw = api(twee.poort, "POST", "/api/casussen", cluster.token, {"titel": "Via node 2"})
    assert nieuw.status == 201
    na = af.vraag(een.poort, "GET", "/dashboard/")
    assert _gestart(na.tekst) == _gestart(voor.tekst) + 1


def _verifieer(cluster) -> subprocess.CompletedProcess[str]:
    return meldwijzer(cluster.env, "audit", "verifieer")


def test_de_auditketen_blijft_geldig_bij_schrijfacties_door_elkaar(cluster):
    """Casussen opened and read through both nodes at once, four at a time: every audit and
    access-log row lands in its organisation's chain, and every chain verifies."""
    poorten = [cluster.nodes[i % 2].poort for i in range(24)]

    def schrijf(i_poort: tuple[int, int]) -> int:
        i, poort = i_poort
        antwoord = api(poort, "POST", "/api/casussen", cluster.token, {"titel": f"Samen {i}"})
        assert antwoord.status == 201, antwoord.tekst
        lezen = api(poort, "GET", f"/api/casussen/{antwoord.json()['id']}", cluster.token)
        return lezen.status

    with ThreadPoolExecutor(4) as pool:
        statussen = list(pool.map(schrijf, enumerate(poorten)))
    assert statussen == [200] * len(poorten)
    verslag = _verifieer(cluster)
    assert verslag.returncode == 0, verslag.stdout + verslag.stderr
    assert verslag.stdout.startswith("In orde:")


def test_taken_op_beide_nodes_tegelijk_verstuurt_elke_herinnering_eenmaal(cluster):
    cluster.sql("UPDATE accounts_user SET email = username || '@voorbeeld.test'")
    te_melden = cluster.sql("SELECT count(*) FROM rapportage_termijn WHERE open")[0][0]
    assert te_melden > 0
    # `--nu`: both really try, also the one that gets the lock second (the claims then keep it
    # from sending again); without it the second would find the job done.
    opdracht = [str(servers.BIN / "meldwijzer"), "taken", "--taak", "herinneringen", "--nu"]
    runs = [
        subprocess.Popen(opdracht, env=cluster.env, cwd=servers.ROOT, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _node in cluster.nodes
    ]  # fmt: skip
    uitkomsten = [r.communicate(timeout=300) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], uitkomsten
    ontvangers = cluster.mail.aan()
    assert ontvangers, uitkomsten
    assert len(ontvangers) == len(set(ontvangers))  # one e-mail per recipient, never two
    verzonden = cluster.sql(
        "SELECT count(*), count(DISTINCT (termijn_id, ontvanger_id, soort, uiterlijk)) "
        "FROM rapportage_herinnering"
    )[0]
    assert verzonden[0] == verzonden[1] > 0
    # What ran is recorded for the beheerder's page (one run, or two when the second got the
    # lock after the first); a third run finds the job done and sends nothing.
    runs = cluster.sql("SELECT uitkomst FROM taken_taakuitvoering WHERE taak = 'herinneringen'")
    assert runs in ([("gelukt",)], [("gelukt",), ("gelukt",)])
    opnieuw = meldwijzer(cluster.env, "taken", "--taak", "herinneringen")
    assert opnieuw.returncode == 0 and "niet aan de beurt" in opnieuw.stdout
    assert len(cluster.mail.aan()) == len(ontvangers)


HOUDER = """
import sys, time, django
django.setup()
from meldwijzer.taken.slot import slot
with slot("herinneringen") as gekregen:
    print("vast" if gekregen else "niet", flush=True)
    time.sleep(600)
"""


def test_een_bezet_slot_is_geen_fout_en_een_gedode_houder_laat_het_los(cluster):
    """A process on another node holds the reminders' lock: `meldwijzer taken` says so and exits
    0. Killed with SIGKILL, its session ends and PostgreSQL lets go of the lock: the next run
    gets it."""
    houder = subprocess.Popen(
        [str(servers.BIN / "python"), "-c", HOUDER], env=cluster.env, cwd=servers.ROOT,
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert houder.stdout is not None and houder.stdout.readline().strip() == "vast"
        bezet = meldwijzer(cluster.env, "taken", "--taak", "herinneringen", "--nu")
        assert bezet.returncode == 0, bezet.stderr
        assert "herinneringen: draait al op een andere node" in bezet.stdout
    finally:
        houder.kill()
        houder.wait()
    vrij = meldwijzer(cluster.env, "taken", "--taak", "herinneringen", "--nu")
    assert vrij.returncode == 0, vrij.stderr
    assert "herinneringen: gelukt" in vrij.stdout


def test_zonder_redis_dienen_beide_nodes_en_tellen_de_limieten_door(cluster):
    cluster.redis.stop()
    try:
        for node in cluster.nodes:
            gezond = Browser().vraag(node.poort, "GET", "/health")
            assert gezond.status == 200
            assert gezond.json()["status"] == "verminderd"
            assert gezond.json()["cache"] == "terugval"
        b = Browser()
        b.log_in(cluster.nginx.poort, cluster.gebruiker("privacy_officer", 2))
        assert b.vraag(cluster.nodes[0].poort, "GET", "/over/").status == 200
        # A token's limit counts on, now in the database cache: never "no limit".
        token = _nieuw_token(cluster)
        statussen = [api(cluster.nodes[i % 2].poort, "GET", "/api/casussen", token).status
                     for i in range(70)]  # fmt: skip
        assert Counter(statussen) == {200: 60, 429: 10}
        assert cluster.sql("SELECT count(*) FROM meldwijzer_cache")[0][0] > 0
        log = "".join((cluster.map / f"{n.naam}.log").read_text() for n in cluster.nodes)
        assert "does not answer" in log
    finally:
        cluster.redis = Redis(cluster.map)  # a new one on a new port is not what the nodes use
        cluster.redis.stop()


def test_een_gedode_node_verliest_geen_bevestigde_schrijfactie(cluster):
    """Writes to node 1 until it is killed with SIGKILL mid-stream: every write it acknowledged
    (201) is in the database, and node 2 keeps serving, also through nginx."""
    een, twee = cluster.nodes
    token = _nieuw_token(cluster)
    bevestigd: list[str] = []
    fouten: list[str] = []
    genoeg = threading.Event()

    def schrijver() -> None:
        i = 0
        while True:
            i += 1
            try:
                a = api(een.poort, "POST", "/api/casussen", token, {"titel": f"Vlak voor {i}"})
            except OSError as fout:  # the node is gone: the end of this writer
                fouten.append(type(fout).__name__)
                return
            if a.status == 201:
                bevestigd.append(a.json()["id"])
            if len(bevestigd) >= 5:
                genoeg.set()

    draden = [threading.Thread(target=schrijver) for _i in range(3)]
    for d in draden:
        d.start()
    assert genoeg.wait(timeout=120)
    een.doden()
    for d in draden:
        d.join(timeout=120)
    assert fouten  # the writers really were cut off
    opgeslagen = {str(r[0]) for r in cluster.sql("SELECT uuid FROM dossier_casus")}
    assert set(bevestigd) <= opgeslagen
    # Node 2 keeps serving, directly and through nginx (which leaves the dead node out).
    assert api(twee.poort, "GET", "/api/casussen", token).status == 200
    b = Browser()
    b.log_in(cluster.nginx.poort, cluster.gebruiker("privacy_officer", 1))
    assert {b.vraag(cluster.nginx.poort, "GET", "/over/", direct=False).status
            for _i in range(6)} == {200}  # fmt: skip
    verslag = _verifieer(cluster)
    assert verslag.returncode == 0, verslag.stdout + verslag.stderr


def _nieuw_token(cluster) -> str:
    """A token of its own (the first one used up its limit in the tests above)."""
    beheerder = cluster.gebruiker("beheerder", 1)
    namens = cluster.gebruiker("beroepskracht", 1, 1)
    uit = meldwijzer(
        cluster.env, "applicatie", "registreer", "--beheerder", beheerder["gebruikersnaam"],
        "--naam", f"ECD {secrets.token_hex(2)}", "--scope", "casus:lezen", "--scope",
        "casus:schrijven", "--namens", namens["gebruikersnaam"],
        "--tot", (dt.date.today() + dt.timedelta(days=30)).isoformat(),
    )  # fmt: skip
    assert uit.returncode == 0, uit.stderr
    return uit.stdout.strip()
