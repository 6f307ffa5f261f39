"""Commands that need the database. Django is set up only when one of them runs.

Each group lives in its own module with ``registreer(sub, kader_sub)``; add the module name to
``GROEPEN``. ``kader_sub`` are the subcommands of ``meldwijzer kader`` (for ``kader importeer``);
``sub`` the top-level ones (``meldwijzer audit …``). Handlers call ``django_opzetten()`` first.
"""

from __future__ import annotations

import argparse
import importlib
import os
from typing import Any

GROEPEN: list[str] = [
    "db_kader",
    "audit",
    "sleutels",
    "bewaren",
    "db_rapportage",
    "casus",
    "backup",
    "demo",
    "applicaties",
    "taken",
    "meldcode",
]


def django_opzetten() -> None:
    """Configure Django lazily: the settings of the environment, or the development settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldwijzer.conf.dev")
    import django

    django.setup()


def registreer(
    sub: argparse._SubParsersAction[Any], kader_sub: argparse._SubParsersAction[Any]
) -> None:
    for naam in GROEPEN:
        importlib.import_module(f"meldwijzer.cli.{naam}").registreer(sub, kader_sub)
