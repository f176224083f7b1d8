"""What each figure of the utilisation report means (its ``method``)."""

METHOD = {
    "open_hours": "Open resource-hours: for every resource and every local day, the time the "
    "site was open by the weekly opening hours in effect that day (converted to UTC instants "
    "through the tz database, so a day of a daylight-saving change counts its real length), "
    "none on closure days, only while the resource existed (from its addition to its "
    "retirement), times its quantity for equipment pools.",
    "booked_hours": "Booked resource-hours: the time each booking held its resource (start to "
    "end, cut short at a cancellation, a check-out or a no-show release; nothing if cancelled "
    "before the start), times its quantity, counted only within open resource-hours.",
    "booked_hours_outside_open": "Booked time that fell outside open resource-hours (for "
    "example on a day closed after it was booked); not part of utilisation.",
    "checked_in_hours": "Checked-in resource-hours: from the later of start and check-in to the "
    "end, cut short at a check-out, within open resource-hours.",
    "utilisation": "booked_hours / open_hours.",
    "occupancy": "checked_in_hours / open_hours.",
    "bookings": "Bookings whose start falls in the group (any status, cancelled included).",
    "cancellation_rate": "Cancelled bookings / bookings.",
    "pending": "Bookings waiting for a host's approval (held: in booked hours).",
    "drop_ins": "Drop-ins: walk-in visitors without an account that a host registered at a "
    "free resource; counted in bookings, booked and checked-in hours as drop-in use (each "
    "visitor counts as a person of their own for the minimum of members).",
    "no_show_rate": "Bookings released as no-shows / (no-shows + checked-in bookings): the share "
    "of bookings whose attendance was settled that nobody came to. Bookings not yet started, "
    "or started but neither checked in nor released, are left out.",
    "peaks": "Per local day and pool (desks, rooms, each kind of equipment): the most units "
    "held by bookings at any instant that day, and the units open that day.",
    "groups": "resource: per resource; kind: per kind; day: per local day; weekday: per local "
    "weekday; hour: per local hour of the day. Hours are split exactly at local hour "
    "boundaries; counts go to the group of the booking's start.",
}
