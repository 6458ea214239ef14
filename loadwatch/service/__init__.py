"""Use cases: one plain function per user action, called by the CLI and the dashboard."""
