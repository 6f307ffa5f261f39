"""What the dossier tells other apps, without knowing them.

``casus_wordt_gewist`` is sent by retention (``services.bewaren.verwijder_casus``) inside its
transaction, just before every row of the casus is deleted past the ORM (no ``pre_delete`` is
sent then): an app that keeps something derived from those rows — rapportage's running totals —
takes them out here.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``casus_id`` (int) and ``organisatie_id`` (int).
casus_wordt_gewist = Signal()
