"""Benchmarks of grannskap: app-level bookings and availability queries, and the HTTP API
against a real ``grannskap serve`` process, on SQLite and PostgreSQL.

Run ``make bench`` (or ``.venv/bin/python -m benchmarks.run --help``).
"""
