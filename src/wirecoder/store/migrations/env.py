"""Alembic environment: the connection comes from store.open_store (config.attributes['connection'])."""

from alembic import context

from wirecoder.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
