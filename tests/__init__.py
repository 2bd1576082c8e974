"""The test suite, in tiers: unit (the pure core), store, cli, tui and e2e."""

from pathlib import Path

import pendulum

#: Files the tests read: CSV and LinkedIn exports, databases of released schema versions.
FIXTURES_ROOT = Path(__file__).parent / "fixtures"
#: The day most tests view the world from, and the moment the `store` fixture writes on new
#: rows (conftest.py).
TODAY = pendulum.Date(2026, 11, 25)
NOW = pendulum.datetime(2026, 11, 25, 10, 0, tz="UTC")
