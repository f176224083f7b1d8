"""Readiness names a missing follower at once while none has been seen, and only after the
grace (GRANNSKAP_READY_MAX_LAG) once one has: a standby worker taking the views' lock over
must not take every server out of the load balancer's rotation together (seen in
make cluster-test: about a second of 503s from haproxy during a worker's failover)."""

from __future__ import annotations

from service.application.health import FollowerWatch


def test_a_follower_never_seen_is_missing_at_once() -> None:
    watch = FollowerWatch()

    assert watch.missing(False, grace=5.0, now=100.0)


def test_a_follower_gone_is_missing_only_after_the_grace() -> None:
    watch = FollowerWatch()
    assert not watch.missing(True, grace=5.0, now=100.0)

    assert not watch.missing(False, grace=5.0, now=101.0)
    assert not watch.missing(False, grace=5.0, now=105.9)
    assert watch.missing(False, grace=5.0, now=106.0)


def test_a_standby_that_takes_over_within_the_grace_is_never_missed() -> None:
    watch = FollowerWatch()
    watch.missing(True, grace=5.0, now=0.0)

    gone = watch.missing(False, grace=5.0, now=10.0)
    back = watch.missing(True, grace=5.0, now=12.0)
    gone_again = watch.missing(False, grace=5.0, now=20.0)

    assert (gone, back, gone_again) == (False, False, False)
    assert watch.missing(False, grace=5.0, now=25.0)
