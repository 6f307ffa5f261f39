"""The REST API for other systems (docs/api.md): django-ninja under /api/, application tokens."""
