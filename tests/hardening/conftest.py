"""Hypothesis profiles for the hardening property tests.

``ci`` (the default) is bounded and deterministic: a fixed number of examples per property,
no deadline (a 2-core CI machine stalls now and then), ``derandomize=True`` so a CI run
tries exactly the same examples every time and never finds a failure that a re-run does
not. ``long`` is for fuzzing by hand::

    MLGLOSS_HYPOTHESIS_PROFILE=long python -m pytest tests/hardening

The profile is applied by :data:`hardening_support.PROFILE` to the hardening properties
only (``@settings(PROFILE)``), not loaded globally, so the other test files keep their
own settings.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILE_ENV = "MLGLOSS_HYPOTHESIS_PROFILE"

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("ci", max_examples=60, derandomize=True, print_blob=True, **_COMMON)
settings.register_profile("long", max_examples=2000, derandomize=False, print_blob=True, **_COMMON)

if os.environ.get(PROFILE_ENV, "ci") not in ("ci", "long"):
    raise RuntimeError(f"{PROFILE_ENV} must be 'ci' or 'long', not {os.environ[PROFILE_ENV]!r}")
