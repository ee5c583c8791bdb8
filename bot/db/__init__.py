"""Storage: SQLAlchemy 2.0 async models, the store API and Alembic migrations."""
