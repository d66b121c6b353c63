"""Alembic's script directory: ``env.py``, the revision template and ``versions/`` (see ``web.migrate``)."""
