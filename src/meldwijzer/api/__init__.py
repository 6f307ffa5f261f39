"""The REST API for other systems (issue 11): django-ninja under /api/, application tokens."""
