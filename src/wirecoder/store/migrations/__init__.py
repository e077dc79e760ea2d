"""Alembic migrations of the store (run by store.open_store; `alembic_version` records the version)."""
