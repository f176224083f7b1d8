"""Settings as the tests build them: the product's, with a cheap password hash.

argon2id at the product's cost takes about 50 ms of CPU a hash; fixtures that sign people in
would spend most of their time there. ``tests/unit/test_password_cost.py`` proves that the
product itself keeps argon2-cffi's defaults."""

from __future__ import annotations

from typing import Any

from service.settings import Settings

# argon2id's smallest cost: one pass over 8 KiB with one lane.
CHEAP_ARGON2 = (1, 8, 1)


def fast_settings(**values: Any) -> Settings:
    values.setdefault("argon2_cost", CHEAP_ARGON2)
    return Settings(**values)
