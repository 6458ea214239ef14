"""The dashboard's pages, one module each: its layout and its callbacks.

Each module registers itself with ``dash.register_page(__name__, ...)`` when
imported, which Dash allows only once an app exists: ``create_app`` calls
:func:`register_all` right after making its ``dash.Dash``, as Dash's own
``pages_folder`` would, and then gives the app their callbacks
(``dashboards.context``).
"""

from __future__ import annotations

import importlib

import dash

MODULES = ("overview", "load", "intensity", "activities", "activity", "diary", "guidance",
           "summary", "upload", "settings")


def register_all() -> None:
    """Import every page (once a process) and give Dash each module's ``layout``."""
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        dash.page_registry[module.__name__].setdefault("layout", module.layout)
