"""The dashboard and the annual figures with hundreds of thousands of casussen.

Fills a throwaway database (SQLite in a temporary folder, or the PostgreSQL of DATABASE_URL) with
one organisation of N casussen and their milestones and termijnen — written in bulk, straight to
the tables, as the projection would have left them — then times the dashboard's and the annual
figures' queries and shows the query plans (index use). No timings are asserted anywhere; this
prints them for docs/performance.md.

    .venv/bin/python bench/rapportage_bench.py --casussen 300000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--casussen", type=int, default=300_000)
    parser.add_argument("--beroepskrachten", type=int, default=200)
    parser.add_argument("--herhalingen", type=int, default=5)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="meldwijzer-bench-")
    os.environ.setdefault("MELDWIJZER_DATA_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldwijzer.conf.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("laadkaders", verbosity=0)

    from meldwijzer.accounts.models import Membership, Organisatie, Rol, User
    from meldwijzer.catalogus.models import KaderVersie
    from meldwijzer.dossier.models import Casus, Fase
    from meldwijzer.rapportage import totalen
    from meldwijzer.rapportage.dashboard import Filter, dashboard
    from meldwijzer.rapportage.jaarcijfers import bereken
    from meldwijzer.rapportage.models import Mijlpaal, Termijn, TermijnSoort
    from meldwijzer.sleutels.sleutelring import nieuwe_datasleutel

    rnd = random.Random(args.seed)
    versie = KaderVersie.objects.first()
    vandaag = dt.date.today()
    fasen = [f.value for f in Fase]

    def vul(naam: str, aantal: int, beroepskrachten: int) -> tuple[Organisatie, list[User]]:
        """One organisation: casussen over five years, their milestones, and termijnen of which
        most are closed and a few overdue, as in practice."""
        org = Organisatie.objects.create(naam=naam)
        users = User.objects.bulk_create(
            [User(username=f"{naam}-{i}", last_name=str(i)) for i in range(beroepskrachten)]
        )
        Membership.objects.bulk_create(
            [Membership(user=u, organisatie=org, rol=Rol.BEROEPSKRACHT) for u in users]
        )
        for start in range(0, aantal, 5000):
            casussen = Casus.objects.bulk_create(
                [
                    Casus(
                        organisatie=org,
                        # bulk_create skips Casus.save: each casus its own data key, as there
                        sleutel=nieuwe_datasleutel(org.pk),
                        eigenaar=rnd.choice(users),
                        kenmerk=f"B{i:08d}",
                        titel="bench",
                        kader_versie=versie,
                        fase=rnd.choice(fasen),
                    )
                    for i in range(start, min(start + 5000, aantal))
                ]
            )
            mijlpalen, termijnen = [], []
            for c in casussen:
                wie = {"organisatie": org, "casus": c, "eigenaar_id": c.eigenaar_id}
                geopend = vandaag - dt.timedelta(days=rnd.randrange(0, 5 * 365))
                besluit = geopend + dt.timedelta(days=rnd.randrange(1, 60))
                mijlpalen += [
                    Mijlpaal(**wie, sleutel="geopend", soort="geopend", datum=geopend),
                    Mijlpaal(**wie, sleutel="stap", soort="stap", datum=geopend, uitkomst=c.fase),
                    Mijlpaal(
                        **wie,
                        sleutel="besluit:r1",
                        soort="besluit",
                        datum=besluit,
                        uitkomst=rnd.choice(["afsluiten", "melden", "hulp", "melden+hulp"]),
                    ),
                    Mijlpaal(
                        **wie,
                        sleutel="doorlooptijd:r1",
                        soort="doorlooptijd",
                        datum=besluit,
                        dagen=(besluit - geopend).days,
                    ),
                ]
                if rnd.random() < 0.5:
                    mijlpalen.append(
                        Mijlpaal(
                            **wie,
                            sleutel="melding:1",
                            soort="melding",
                            datum=besluit,
                            uitkomst=rnd.choice(["regulier", "regulier", "spoed"]),
                        )
                    )
                for n in range(rnd.choice([0, 1, 2, 3])):
                    open_ = c.fase != "afgesloten" and rnd.random() < 0.2
                    termijnen.append(
                        Termijn(
                            organisatie=org,
                            casus=c,
                            ronde=1,
                            fase=c.fase,
                            sleutel=f"t:{n}",
                            soort=rnd.choice(list(TermijnSoort)),
                            verantwoordelijke_id=c.eigenaar_id,
                            telwijze="werkdagen",
                            startdatum=geopend,
                            uiterlijk=vandaag + dt.timedelta(days=rnd.randrange(-20, 60))
                            if open_
                            else besluit,
                            open=open_,
                        )
                    )
            Mijlpaal.objects.bulk_create(mijlpalen)
            Termijn.objects.bulk_create(termijnen)
            # the running totals the dashboard reads, as the projection keeps them (ADR 0028)
            wijzigingen = totalen.Wijzigingen()
            for m in mijlpalen:
                wijzigingen.mijlpaal(org.pk, m.eigenaar_id, m.soort, m.datum, m.uitkomst, m.dagen)
            totalen.opslaan(wijzigingen)
        return org, users

    begin = time.perf_counter()
    org, users = vul("groot", args.casussen, args.beroepskrachten)
    for i in range(2):  # other organisations in the same tables, as in a shared deployment
        vul(f"klein{i}", args.casussen // 10, 20)
    gevuld = time.perf_counter() - begin
    with connection.cursor() as cursor:
        # Statistics for the planner, as a running database has them (PostgreSQL: and the
        # visibility map that index-only scans need, which autovacuum keeps).
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    print(
        f"database: {connection.vendor}; {args.casussen} casussen in de gemeten organisatie, "
        f"{Casus.objects.count()} in totaal, "
        f"{Mijlpaal.objects.count()} mijlpalen, {Termijn.objects.count()} termijnen "
        f"(gevuld in {gevuld:.0f} s)"
    )

    def meet(naam: str, functie) -> None:
        tijden = []
        for _ in range(args.herhalingen):
            t = time.perf_counter()
            functie()
            tijden.append((time.perf_counter() - t) * 1000)
        print(f"| {naam} | {statistics.median(tijden):.0f} ms | {max(tijden):.0f} ms |")

    jaar = Filter(org.pk, vandaag - dt.timedelta(days=365), vandaag)
    drie = Filter(org.pk, vandaag - dt.timedelta(days=3 * 365), vandaag)
    een = Filter(org.pk, jaar.van, jaar.tot, eigenaar_id=users[0].pk)
    print("| meting | mediaan | max |\n| --- | --- | --- |")
    meet("dashboard, hele organisatie, 12 maanden", lambda: dashboard(jaar))
    meet("dashboard, hele organisatie, 3 jaar", lambda: dashboard(drie))
    meet("dashboard, één beroepskracht, 12 maanden", lambda: dashboard(een))
    meet("jaarcijfers vorig jaar (met geheimhouding)", lambda: bereken(org.pk, vandaag.year - 1))

    if connection.vendor == "sqlite":
        qs = Mijlpaal.objects.filter(organisatie=org, soort="melding", datum__gte=jaar.van)
        sql, params = qs.values("uitkomst").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            print("plan mijlpalen:", [r[-1] for r in cursor.fetchall()])
            sql, params = (
                Termijn.objects.filter(organisatie=org, open=True, uiterlijk__lt=vandaag)
                .values("soort")
                .query.sql_with_params()
            )
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            print("plan termijnen:", [r[-1] for r in cursor.fetchall()])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
