"""Organisations, users and the role each user has in an organisation."""
