"""Telling members what happens: e-mail derived from the event log.

An outbox follows the notification log with its own position (``service.registry.outbox``)
and turns each booking event into the messages it means: booked (with the booking as an
iCalendar invitation, ``METHOD:REQUEST``), cancelled (by the member, by a host with the
host's words, by a closure, new opening hours or a retirement; ``METHOD:CANCEL``), released
as a no-show, and a reminder the day before. Messages are composed once, in the member's
language, and delivered by SMTP (or written as ``.eml`` files) with retries and back-off.
Password resets, e-mail confirmations and invitations, which no event stands behind, are
composed here and added to the same outbox by the use cases."""
