"""The tables that are not rebuilt from events (members, credentials, sessions, invitations,
secrets, calendar feed tokens), kept by Alembic migrations."""
