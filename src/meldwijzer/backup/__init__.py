"""Encrypted backups and restores of the whole database (``meldwijzer backup`` / ``restore``)."""
