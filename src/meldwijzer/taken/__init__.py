"""The periodic jobs (reminders, retention, chain heads, backup) behind one command,
``meldwijzer taken``, safe to start from a timer on every node at once (docs/adr/0020;
docs/deploy.md, 'Periodieke taken')."""
