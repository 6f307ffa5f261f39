"""Every level of a message (success, warning, error, info) has a style: a warning once came out
as ``notificatie--warning``, which the stylesheet does not know, and looked like plain text."""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.messages import constants
from django.contrib.messages.utils import get_level_tags

CSS = Path(__file__).resolve().parents[1] / "static" / "web" / "meldwijzer.css"


def test_elk_berichtniveau_heeft_een_stijl():
    gestyled = set(re.findall(r"\.notificatie--([a-z]+)\b", CSS.read_text(encoding="utf-8")))
    tags = get_level_tags()
    for niveau in (constants.SUCCESS, constants.WARNING, constants.ERROR):
        assert tags[niveau] in gestyled, (niveau, tags[niveau], sorted(gestyled))
