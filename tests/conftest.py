"""Settings for the whole suite. Each folder's conftest.py holds that folder's fixtures."""

from __future__ import annotations

from hypothesis import settings

# Property tests have no deadline: how long an example takes depends on the machine and the
# database, and timing is what the benches measure. `--hypothesis-profile` still overrides this.
settings.register_profile("hearth", deadline=None)
settings.load_profile("hearth")
