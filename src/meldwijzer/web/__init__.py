"""The server-rendered web interface: thin views over dossier services and selectors."""
