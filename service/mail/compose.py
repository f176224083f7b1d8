"""Composing messages: a subject, a few paragraphs and a link, in the member's language,
as plain text and HTML (one Jinja template), with the booking as an iCalendar invitation
where there is one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime, formataddr, parseaddr
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape

from projections.queries import FeedEntry
from service.presentation import ics
from service.presentation.i18n import Lang

TEMPLATES = Path(__file__).parent / "templates"
SMTP_COMPAT = compat32.clone(linesep="\r\n", max_line_length=None)  # headers unfolded (short)


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass(frozen=True)
class Letter:
    """What a message says, before it is made into MIME."""

    subject: str
    greeting: str
    paragraphs: list[str]
    link: str | None = None
    link_text: str = ""
    footer: str = ""


@dataclass(frozen=True)
class Envelope:
    sender: str  # "grannskap <grannskap@example.se>"
    recipient: str
    recipient_name: str
    message_id: str
    date: datetime


def domain_of(address: str) -> str:
    return parseaddr(address)[1].rpartition("@")[2] or "localhost"


def message_id(key: str, sender: str) -> str:
    """The same key gives the same Message-ID: a message sent twice is one to the reader."""
    safe = "".join(c if c.isalnum() or c in "-." else "." for c in key)
    return f"<{safe}@{domain_of(sender)}>"


def mime(letter: Letter, envelope: Envelope, t: Lang, calendar: bytes | None = None) -> bytes:
    """Plain text and HTML alternatives (and the calendar invitation as a third), with
    CRLF line ends as SMTP wants them. Built with the standard library's ``email.mime``
    classes and the compat32 policy: the modern header registry costs several times more
    per message, and the server composes one for every booking."""
    text = "\n\n".join(
        [letter.greeting, *letter.paragraphs]
        + ([f"{letter.link_text}: {letter.link}"] if letter.link else [])
        + (["-- ", letter.footer] if letter.footer else [])
    )
    html = _environment().get_template("mail.html").render(letter=letter, lang=t.code)
    message = MIMEMultipart("alternative")
    message["Subject"] = Header(letter.subject, "utf-8").encode(maxlinelen=900)
    message["From"] = _address_header(envelope.sender)
    message["To"] = _address_header(formataddr((envelope.recipient_name, envelope.recipient)))
    message["Date"] = format_datetime(envelope.date)
    message["Message-ID"] = envelope.message_id
    message["Content-Language"] = t.code
    message["Auto-Submitted"] = "auto-generated"
    message.attach(MIMEText(text + "\n", "plain", "utf-8"))
    message.attach(MIMEText(html, "html", "utf-8"))
    if calendar is not None:
        method = "CANCEL" if b"METHOD:CANCEL" in calendar else "REQUEST"
        part = MIMEText(calendar.decode("utf-8"), "calendar", "utf-8")
        part.set_param("method", method)
        part.add_header("Content-Disposition", "attachment", filename="invite.ics")
        message.attach(part)
    return message.as_bytes(policy=SMTP_COMPAT)


def _address_header(address: str) -> str:
    """A From or To header with the display name encoded (RFC 2047) when not ASCII."""
    name, addr = parseaddr(address)
    return formataddr((str(Header(name, "utf-8")) if name and not name.isascii() else name, addr))


# -- about bookings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BookingNews:
    """A booking event as a member is told it."""

    # booking-confirmed, booking-pending, booking-approved, booking-declined,
    # booking-cancelled, booking-released, booking-reminder
    kind: str
    entry: FeedEntry
    name: str
    check_in_until: datetime | None = None
    reason: str = ""  # why it was cancelled (domain.booking's reasons)
    note: str = ""  # a host's words
    placed_by_host: bool = False


def _when(entry: FeedEntry, t: Lang) -> str:
    tz = ZoneInfo(entry.timezone)
    return t.when(entry.start, entry.end, tz)


def booking_letter(news: BookingNews, t: Lang, base_url: str) -> Letter:
    entry = news.entry
    what = entry.resource_name + (
        f" \N{MULTIPLICATION SIGN} {entry.quantity}" if entry.quantity > 1 else ""
    )
    where = ics.location(entry)
    when = _when(entry, t)
    tz = ZoneInfo(entry.timezone)
    until = t.time(news.check_in_until, tz) if news.check_in_until else ""
    details = f"{what}, {when}, {where}."
    greeting = t("Hello %(name)s,", name=news.name)
    link = ics.booking_page(base_url, entry.booking_id)
    footer = t(
        "grannskap, the booking service of the neighbourhood office, Lindesberg municipality"
    )
    if news.kind == "booking-confirmed":
        paragraphs = [
            t("A host has booked this for you:") if news.placed_by_host else t("You have booked:"),
            details,
        ]
        if until:
            paragraphs.append(
                t(
                    "Check in by %(until)s at the latest, or the booking is released for others.",
                    until=until,
                )
            )
        paragraphs.append(t("The booking is attached as a calendar invitation."))
        subject = t("Booked: %(what)s, %(when)s", what=what, when=when)
        return Letter(subject, greeting, paragraphs, link, t("See or cancel the booking"), footer)
    if news.kind == "booking-reminder":
        paragraphs = [t("A reminder of your booking tomorrow:"), details]
        if until:
            paragraphs.append(
                t(
                    "Check in by %(until)s at the latest, or the booking is released for others.",
                    until=until,
                )
            )
        paragraphs.append(t("Plans changed? Cancel, so that someone else can use it."))
        paragraphs.append(t("You can turn these reminders off under My data."))
        subject = t("Tomorrow: %(what)s, %(when)s", what=what, when=when)
        return Letter(subject, greeting, paragraphs, link, t("See or cancel the booking"), footer)
    if news.kind in ("booking-reminder-today", "booking-check-in-nudge"):
        nudge = news.kind == "booking-check-in-nudge"
        paragraphs = [
            t("Your booking starts now:") if nudge else t("A reminder of your booking today:"),
            details,
        ]
        if until:
            paragraphs.append(
                t(
                    "Check in by %(until)s at the latest, or the booking is released for others.",
                    until=until,
                )
            )
        paragraphs.append(t("You can turn these reminders off under My data."))
        subject = (
            t("Check in: %(what)s, %(when)s", what=what, when=when)
            if nudge
            else t("Today: %(what)s, %(when)s", what=what, when=when)
        )
        return Letter(subject, greeting, paragraphs, link, t("See or cancel the booking"), footer)
    if news.kind == "booking-pending":
        paragraphs = [
            t("You have asked to book this; a host approves bookings of it:"),
            details,
            t("You get a message when a host has approved or declined it."),
            t("Meanwhile it is held for you. The request is attached to your calendar."),
        ]
        subject = t("Awaiting approval: %(what)s, %(when)s", what=what, when=when)
        return Letter(subject, greeting, paragraphs, link, t("See or cancel the booking"), footer)
    if news.kind == "booking-approved":
        paragraphs = [t("A host has approved your booking:"), details]
        if until:
            paragraphs.append(
                t(
                    "Check in by %(until)s at the latest, or the booking is released for others.",
                    until=until,
                )
            )
        subject = t("Approved: %(what)s, %(when)s", what=what, when=when)
        return Letter(subject, greeting, paragraphs, link, t("See or cancel the booking"), footer)
    if news.kind == "booking-declined":
        paragraphs = [
            t("No host answered your request in time, so it is declined:")
            if news.reason == "approval-expired"
            else t("A host has declined your booking:"),
            details,
        ]
        if news.note:
            paragraphs.append(t("The host's words: %(note)s", note=news.note))
        paragraphs.append(t("We are sorry. You are welcome to book another time or place."))
        subject = t("Declined: %(what)s, %(when)s", what=what, when=when)
        return Letter(subject, greeting, paragraphs, base_url + "/", t("Book again"), footer)
    if news.kind == "booking-released":
        paragraphs = [
            t("Nobody checked in to this booking in time, so it was released for others:"),
            details,
        ]
        subject = t("Released: %(what)s, %(when)s", what=what, when=when)
        return Letter(subject, greeting, paragraphs, link, t("Your bookings"), footer)
    why = {
        "member": t("You cancelled this booking:"),
        "host": t("A host has cancelled your booking:"),
        "site-closed": t("Your booking is cancelled because the site is closed that day:"),
        "opening-hours": t(
            "Your booking is cancelled because the site's new opening hours no longer cover it:"
        ),
        "resource-retired": t("Your booking is cancelled because it is no longer in use:"),
    }.get(news.reason, t("Your booking is cancelled:"))
    paragraphs = [why, details]
    if news.note and news.reason == "site-closed":
        paragraphs.append(t("Why: %(note)s", note=news.note))
    elif news.note:
        paragraphs.append(t("The host's words: %(note)s", note=news.note))
    if news.reason != "member":
        paragraphs.append(t("We are sorry. You are welcome to book another time or place."))
    subject = t("Cancelled: %(what)s, %(when)s", what=what, when=when)
    return Letter(subject, greeting, paragraphs, base_url + "/", t("Book again"), footer)


# -- about accounts ----------------------------------------------------------------------------


def account_letter(kind: str, name: str, link: str, t: Lang, detail: str = "") -> Letter:
    greeting = t("Hello %(name)s,", name=name) if name else t("Hello,")
    footer = t(
        "grannskap, the booking service of the neighbourhood office, Lindesberg municipality"
    )
    if kind == "password-reset":
        return Letter(
            t("Choose a new grannskap password"),
            greeting,
            [
                t("Someone asked to choose a new password for your grannskap account."),
                t("The link works once, for one hour. If it was not you, ignore this message."),
            ],
            link,
            t("Choose a new password"),
            footer,
        )
    if kind == "email-change":
        return Letter(
            t("Confirm your new e-mail address"),
            greeting,
            [
                t("Confirm that grannskap may use this address for your account."),
                t("The link works once, for one day. If it was not you, ignore this message."),
            ],
            link,
            t("Confirm the address"),
            footer,
        )
    return Letter(
        t("An invitation to grannskap at %(site)s", site=detail),
        greeting,
        [
            t(
                "You are invited to book desks, rooms and equipment at %(site)s with grannskap.",
                site=detail,
            ),
            t("Create your account with the link; the invitation code is filled in for you."),
        ],
        link,
        t("Create an account"),
        footer,
    )
