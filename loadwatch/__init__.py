"""loadwatch: a local-first training-load and injury-risk monitor for runners."""

__version__ = "0.1.0"
