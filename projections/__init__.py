"""Read models: SQLAlchemy view tables built from the event store's notification log.

Views are disposable. Each projection writes its rows and its tracking position in one
transaction; dropping the views and replaying the log gives the same rows again.
"""
