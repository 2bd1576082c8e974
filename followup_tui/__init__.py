"""followup-tui: stay top-of-mind with the hiring managers you meet."""

__version__ = "0.1.0"
