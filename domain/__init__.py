"""The pure domain of grannskap: sites, resources, bookings and the rules between them.

Nothing here does I/O. Aggregates are built with ``eventsourcing.domain``; every rule is a
small ``check_*`` function or method that raises a :class:`domain.errors.DomainError`.
"""
