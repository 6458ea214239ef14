"""The Dash dashboard (arrives with the dashboard issue)."""
