"""The system of record: documents, their renditions and versions, tasks, what people
decided about them (status, corrections, hidden tasks, review marks) and the history of
every change. SQLAlchemy Core on SQLite (default) or PostgreSQL, migrated by Alembic.

Search indexes (index/) are projections of this store and can be rebuilt from it at any
time (`directives reindex`).
"""
