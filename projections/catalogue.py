"""Catalogue: sites, their closures and their resources."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from sqlalchemy import delete, update

from domain.resource import Resource
from domain.site import Site, legacy_closure_id
from domain.vocabulary import stored_features
from projections.base import ViewProjection
from projections.tables import ClosureRow, ResourceRow, SiteRow


class CatalogueProjection(ViewProjection):
    name = "catalogue"
    tables = (SiteRow, ClosureRow, ResourceRow)

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.skip(tracking)

    @process_event.register(Site.Registered)
    def _site_registered(self, e: Site.Registered, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.add(
                SiteRow,
                id=e.originator_id,
                name=e.name,
                address=e.address,
                locality=e.locality,
                timezone=e.timezone,
                opening_hours=e.opening_hours,
                policy=e.policy,
            )

    @process_event.register(Site.OpeningHoursSet)
    def _opening_hours_set(self, e: Site.OpeningHoursSet, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.execute(
                update(SiteRow)
                .where(SiteRow.id == e.originator_id)
                .values(opening_hours=e.opening_hours)
            )

    @process_event.register(Site.PolicySet)
    def _policy_set(self, e: Site.PolicySet, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.execute(
                update(SiteRow).where(SiteRow.id == e.originator_id).values(policy=e.policy)
            )

    @process_event.register(Site.ClosureAdded)
    def _closure_added(self, e: Site.ClosureAdded, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            closure_id = e.closure_id or legacy_closure_id(e.originator_id, e.first_day, e.last_day)
            rows.execute(delete(ClosureRow).where(ClosureRow.id == closure_id))
            rows.add(
                ClosureRow,
                id=closure_id,
                site_id=e.originator_id,
                first_day=date.fromisoformat(e.first_day),
                last_day=date.fromisoformat(e.last_day),
                reason=e.reason,
            )

    @process_event.register(Site.ClosureRemoved)
    def _closure_removed(self, e: Site.ClosureRemoved, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.execute(delete(ClosureRow).where(ClosureRow.id == e.closure_id))

    @process_event.register(Resource.Added)
    def _resource_added(self, e: Resource.Added, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.add(
                ResourceRow,
                id=e.originator_id,
                site_id=e.site_id,
                kind=e.kind,
                name=e.name,
                features=stored_features(e.features),
                seats=e.seats,
                quantity=e.quantity,
                retired=False,
                requires_approval=False,
            )

    @process_event.register(Resource.Retired)
    def _resource_retired(self, e: Resource.Retired, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.execute(
                update(ResourceRow).where(ResourceRow.id == e.originator_id).values(retired=True)
            )

    @process_event.register(Resource.ApprovalSet)
    def _approval_set(self, e: Resource.ApprovalSet, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.execute(
                update(ResourceRow)
                .where(ResourceRow.id == e.originator_id)
                .values(requires_approval=e.required)
            )

    @process_event.register(Resource.FeaturesSet)
    def _features_set(self, e: Resource.FeaturesSet, tracking: Tracking) -> None:
        with self.view.transaction(tracking) as rows:
            rows.execute(
                update(ResourceRow)
                .where(ResourceRow.id == e.originator_id)
                .values(features=stored_features(e.features))
            )
