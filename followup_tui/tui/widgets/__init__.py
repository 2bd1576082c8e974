"""The dashboard's panes: each owns its keys and posts typed Messages up to the app."""
