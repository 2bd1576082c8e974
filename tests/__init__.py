"""The test suite, in tiers: unit (the pure core), store, cli, tui and e2e."""

from pathlib import Path

#: Files the tests read: CSV and LinkedIn exports, databases of released schema versions.
FIXTURES_ROOT = Path(__file__).parent / "fixtures"
