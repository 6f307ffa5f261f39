"""The two-node test's own marker: `make multinode-test` and the PostgreSQL stage of the test
command run it; the other stages leave this folder out (scripts/test.sh)."""

from __future__ import annotations


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "meerdere_nodes: two gunicorn nodes behind nginx with PostgreSQL and Redis "
        "(tests/meerdere_nodes)",
    )
