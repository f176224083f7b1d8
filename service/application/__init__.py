"""The application layer: one handler per use case, shared by the HTTP API, the web pages and
the command line.

A handler takes the :class:`~service.application.context.Context` and a typed command,
loads the aggregates it touches, lets the domain decide, saves them in one call, records a
refusal where that is demand, counts it, and returns a typed result once the views a member
reads next show the change. The adapters only translate their input into a command and the
result (or the error, by the one table of ``service.presentation.outcomes``) into output.

- ``bookings``: book, cancel, check in, check out, release no-shows
- ``sites``: register sites, add and retire resources, hours, policy, closures
- ``accounts``: members, passwords, sign-up and sign-in, invitations, my data
- ``calendars``: calendar feed URLs and what the feeds show
- ``reads``: reads that need more than one view, the registry or a domain rule
- ``reports``: the evaluators' reports
"""
