"""A member's favourites at a site, in their order of preference: star one (it goes last),
take one off, or put them in a new order; "book my favourite" is ``POST
/api/members/me/usuals/{site_id}/book`` (the first of them that is free)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, delete, post, put
from msgspec import Meta

from domain.usual import FAVOURITES
from service.application import usuals
from service.application.context import Context
from service.http.schemas import Strict
from service.registry.members import Member

Asker = Request[Member, Any, Any]


class StarRequest(Strict):
    """The resource to add last among the favourites at the site."""

    resource_id: UUID


class FavouritesRequest(Strict):
    """Every favourite at the site, first choice first (an empty list: none)."""

    resource_ids: Annotated[list[UUID], Meta(max_length=FAVOURITES)]


class FavouritesOut(msgspec.Struct):
    site_id: UUID
    resource_ids: list[UUID]


class FavouritesController(Controller):
    path = "/api/members/me/usuals/{site_id:uuid}/favourites"
    tags = ["members"]

    @post("/", sync_to_thread=True, status_code=201, summary="Star a resource as a favourite")
    def star(self, site_id: UUID, data: StarRequest, ctx: Context, request: Asker) -> FavouritesOut:
        usuals.star(ctx, request.user, data.resource_id, site_id)
        return FavouritesOut(site_id, usuals.favourites_at(ctx, request.user, site_id))

    @put("/", sync_to_thread=True, summary="Put my favourites at a site in order")
    def arrange(
        self, site_id: UUID, data: FavouritesRequest, ctx: Context, request: Asker
    ) -> FavouritesOut:
        usuals.arrange(ctx, request.user, site_id, data.resource_ids)
        return FavouritesOut(site_id, usuals.favourites_at(ctx, request.user, site_id))

    @delete("/{resource_id:uuid}", sync_to_thread=True, summary="Take a favourite off")
    def unstar(self, site_id: UUID, resource_id: UUID, ctx: Context, request: Asker) -> None:
        usuals.unstar(ctx, request.user, site_id, resource_id)
