"""Django settings, split by environment: base, dev, test and production."""
