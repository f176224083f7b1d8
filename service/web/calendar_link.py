"""The pages' side of the calendar feeds: a feed URL is shown only when it is issued (only
its hash is kept), so the page offers "get my calendar link", which issues a new URL and
shows it once; any older one stops."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.registry.feeds import Issued

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "testserver", "testserver.local")


@dataclass(frozen=True)
class FeedLink:
    https_url: str
    webcal_url: str


def public_base(request: Any) -> str:
    """The service's own base URL; https unless it is served on this machine, since a
    secret URL must not travel in the clear."""
    url = request.base_url
    scheme = url.scheme if url.hostname in LOCAL_HOSTS else "https"
    return f"{scheme}://{url.netloc}{url.path.rstrip('/')}"


def feed_link(issued: Issued, request: Any) -> FeedLink:
    https = f"{public_base(request)}/ical/{issued.token}.ics"
    return FeedLink(https, "webcal://" + https.split("://", 1)[1])
