"""Alembic environment: the engine comes from store/migrate.py, never from a file."""

from __future__ import annotations

from alembic import context

from store.schema import metadata

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # ALTER TABLE by copy on SQLite
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
