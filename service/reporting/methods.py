"""How each figure of the reports is counted, in words an official reads, in the page's
language: one entry per figure the pages show (and per figure of the API's what-if that had
none), keyed by the figure's field name in the JSON API. The API keeps its exact English
method texts (``projections/reports``); these are the pages' plain version of the same
definitions, with English msgids translated in ``locale/sv/.../messages.po``."""

from __future__ import annotations

from service.reporting.methods_activity import ACTIVITY, N_, Method

UTILISATION = (
    Method(
        "open_hours",
        N_("Open resource-hours"),
        N_(
            "For every desk, room and item of equipment, the hours the site was open by its "
            "opening hours on each day of the period. Closed days and days before a resource "
            "was added or after it was retired count nothing."
        ),
    ),
    Method(
        "booked_hours",
        N_("Booked hours"),
        N_(
            "The hours that bookings held a resource within the opening hours. A booking "
            "cancelled, checked out or released as a no-show counts only until then; one "
            "cancelled before it started counts nothing."
        ),
    ),
    Method(
        "utilisation",
        N_("Booked share of open time"),
        N_("Booked hours divided by open resource-hours."),
    ),
    Method(
        "occupancy",
        N_("Used share (checked in)"),
        N_(
            "The hours from check-in to the end of the booking (or to check-out) divided by "
            "open resource-hours: the time someone was really there."
        ),
    ),
    Method(
        "bookings",
        N_("Bookings"),
        N_("Bookings that start in the period, cancelled ones included."),
    ),
    Method(
        "no_show_rate",
        N_("No-shows"),
        N_(
            "Bookings nobody came to, as a share of the bookings whose attendance is known "
            "(checked in or released as a no-show)."
        ),
    ),
    Method(
        "cancellation_rate",
        N_("Cancelled"),
        N_("Cancelled bookings as a share of all bookings."),
    ),
    Method(
        "pending",
        N_("Awaiting approval"),
        N_(
            "Bookings of resources that need a host's approval and have not had it yet. "
            "They hold their resource meanwhile, so they count in booked hours."
        ),
    ),
    Method(
        "drop_ins",
        N_("Drop-ins"),
        N_(
            "Walk-in visitors without an account whom a host registered at a free resource. "
            "They count in bookings and booked hours; each visitor counts as a person of "
            "their own."
        ),
    ),
    Method(
        "peaks",
        N_("Most in use"),
        N_("The most desks (rooms, items) held by bookings at the same moment that day."),
    ),
)

DEMAND = (
    Method(
        "attempts",
        N_("Refused attempts"),
        N_("Every time the service said no to a booking, counted as it happened."),
    ),
    Method(
        "requests",
        N_("Refused requests"),
        N_(
            "Refused attempts of one member for the same kind and the same time counted "
            "once: trying desk after desk for 9\N{EN DASH}12 is one request."
        ),
    ),
    Method(
        "met_later",
        N_("Met later"),
        N_(
            "Refused requests after which the same member booked the same kind for an "
            "overlapping time: they got what they wanted after all."
        ),
    ),
    Method(
        "unmet_requests",
        N_("Unmet requests"),
        N_(
            "Refused requests because everything was taken or the site was closed, and not "
            "met later: demand the office did not meet."
        ),
    ),
    Method(
        "unmet_capacity_hours",
        N_("Unmet hours: full"),
        N_("The hours asked for in unmet requests refused because everything was taken."),
    ),
    Method(
        "unmet_closed_hours",
        N_("Unmet hours: closed"),
        N_("The hours asked for in unmet requests refused because the site was closed."),
    ),
    Method(
        "category",
        N_("Kind of reason"),
        N_(
            "Full: the time was taken or nothing was free. Closed: outside the opening hours "
            "or a closed day. No such resource: none has the features asked for. Booking "
            "rules: limits per member, how far ahead, how long. Impossible request: in the "
            "past or not on a quarter hour. Only full and closed are demand that more "
            "resources or longer hours would meet."
        ),
    ),
    Method(
        "empty_searches",
        N_("Searches that found nothing free"),
        N_(
            "Searches for a time within the opening hours that found nothing free, each "
            "member, kind and time once. People who find nothing often do not try, so these "
            "hint at demand that left no refused request."
        ),
    ),
    Method(
        "drop_ins",
        N_("Drop-ins"),
        N_(
            "Walk-in visitors whom a host registered at a free resource: demand met on the "
            "spot, counted apart from requests."
        ),
    ),
    Method(
        "drop_in_hours",
        N_("Drop-in hours"),
        N_("The hours booked for the walk-in visitors."),
    ),
    Method(
        "caveat",
        N_("What is not seen"),
        N_(
            "People who saw that nothing was free and did not search or try leave no trace: "
            "unmet demand is at least this much, and may be more."
        ),
    ),
)

WHAT_IF = (
    Method(
        "capacity",
        N_("Capacity"),
        N_("The number of desks, rooms or items the replay is tried with."),
    ),
    Method(
        "recorded_capacity",
        N_("Now"),
        N_("The most desks, rooms or items open on any day of the period."),
    ),
    Method(
        "requests",
        N_("Requests"),
        N_(
            "Every booking made in the period, whatever became of it, and every unmet request "
            "(refused because everything was taken or the site was closed)."
        ),
    ),
    Method(
        "served",
        N_("Served"),
        N_(
            "Requests the replay serves with this capacity, in the order they were made: a "
            "request is served when a unit is free for all of its time, and a request that "
            "finds nothing free at its start gets nothing."
        ),
    ),
    Method(
        "refused_capacity",
        N_("Refused: full"),
        N_("Requests the replay refuses because every unit is taken at some time they ask for."),
    ),
    Method(
        "refused_closed",
        N_("Refused: closed"),
        N_("Requests the replay refuses because they fall outside the opening hours."),
    ),
    Method(
        "recorded_served",
        N_("Served now"),
        N_("Requests that were really booked in the period: what happened, not a replay."),
    ),
    Method(
        "served_hours",
        N_("Hours served"),
        N_("The hours of the requests the replay serves."),
    ),
    Method(
        "unmet_hours",
        N_("Unmet hours"),
        N_("The hours of the requests the replay refuses."),
    ),
    Method(
        "demand_hours",
        N_("Hours asked for"),
        N_("The hours of all the requests replayed: served and unmet hours together."),
    ),
    Method(
        "open_hours",
        N_("Open hours"),
        N_("The hours the site is open in the period, by its opening hours and closed days."),
    ),
    Method(
        "utilisation",
        N_("Booked share"),
        N_("Hours served divided by the capacity times the open hours."),
    ),
)

SPECIFICATION = (
    Method(
        "capacity",
        N_("Recommended"),
        N_(
            "The smallest number of desks (rooms, items) with which the replay of the "
            "period's requests serves at least the chosen share of them. The replay is the "
            "same as the what-if's: a request that finds nothing free at its start gets "
            "nothing, as in the Erlang B formula for telephone lines."
        ),
    ),
    Method(
        "interval",
        N_("Interval (80 %)"),
        N_(
            "How sure the advice is: 300 made-up periods as long as this one, with as many "
            "requests at random as the period had in each hour of each weekday and as long "
            "as theirs, each replayed in the same way; 8 of 10 of their advice lie within "
            "the interval. A wide interval means that little demand was recorded. No "
            "interval from fewer than two weeks."
        ),
    ),
    Method(
        "busiest",
        N_("Busiest four weeks"),
        N_(
            "The advice for the 28 days in a row of the period with the most requests, "
            "replayed on their own in the same way, with the days it covers. A busy season "
            "needs more than the period as a whole; none for a period of four weeks or less."
        ),
    ),
    Method(
        "served_share_at_recorded",
        N_("Served now (requests / hours)"),
        N_(
            "The share of the requests (and of the hours asked for) that were really booked "
            "with the resources the site has now."
        ),
    ),
    Method(
        "served_share",
        N_("Served with the advice (requests / hours)"),
        N_(
            "The share of the requests (and of the hours asked for) the replay serves with "
            "the recommended number."
        ),
    ),
    Method(
        "justified_hours",
        N_("Opening hours worth having"),
        N_(
            "For each weekday and hour, the average number of desks, rooms or items asked for "
            "(booked or refused) in that hour over the period. An hour is worth opening when "
            "the average is at least the threshold and at least three members asked for it."
        ),
    ),
    Method(
        "wished",
        N_("Features wished for"),
        N_(
            "Bookings and refused requests for any resource of a kind with a feature (a "
            "screen, a whiteboard). When none of the kind has the feature, the office needs "
            "one that has it, not more of the same."
        ),
    ),
    Method(
        "features",
        N_("Features used"),
        N_("Booked hours on the resources that have each feature, and their booked share."),
    ),
)

PRIVACY = Method(
    "privacy",
    N_("Hidden figures"),
    N_(
        "A figure that comes from fewer than three members is hidden (“hidden”), and so "
        "are as many others as it takes to keep it from being worked out from the totals. "
        "A day or a kind hidden in one report is hidden in every report of the period. "
        "Reports cover whole weeks, Monday to Sunday (a period is widened to them), and "
        "what is hidden is decided week by week: a figure is shown only if it comes from at "
        "least three members (or none) in every week of the period. So one period cannot "
        "be subtracted from another, such as Monday to Friday minus Tuesday to Friday, to "
        "single anyone out."
    ),
)

GLOSSARY = (
    (
        N_("Request"),
        N_(
            "A member wanting a resource of one kind for one time: a booking made, or a "
            "refused one counted once however often it was tried."
        ),
    ),
    (
        N_("Unmet demand"),
        N_("Requests refused because everything was taken or the site was closed, never met."),
    ),
    (
        N_("The replay"),
        N_(
            "The period's requests tried again, in the order they were made, against another "
            "number of desks, rooms or items, to see how many would have been served."
        ),
    ),
    (
        N_("Resource-hour"),
        N_("One desk, room or item for one hour."),
    ),
    (
        N_("Service level"),
        N_("The share of requests the advice is to serve: 95 % unless chosen otherwise."),
    ),
)

REPORTS = {
    **ACTIVITY,
    "utilisation": UTILISATION,
    "demand": DEMAND,
    "what_if": WHAT_IF,
    "specification": SPECIFICATION,
}
