"""The dashboard's pages, one module each: its layout and its callbacks.

Every module of this package is a page: it registers itself with
``dash.register_page(__name__, ..., order=N)`` when imported, ``order``
placing it in the header's navigation. Adding ``pages/x.py`` is all a new page
takes; modules are found here, not listed (a forgotten entry would drop a page
without a word). Dash allows ``register_page`` only once an app exists:
``create_app`` calls :func:`register_all` right after making its ``dash.Dash``,
as Dash's own ``pages_folder`` would, and then gives the app their callbacks
(``dashboards.context``).
"""

from __future__ import annotations

import importlib
import pkgutil

import dash


def page_modules() -> list[str]:
    """The full names of this package's modules, each one page (``_private`` ones aside)."""
    return sorted(f"{__name__}.{info.name}" for info in pkgutil.iter_modules(__path__)
                  if not info.name.startswith("_"))


def register_all() -> None:
    """Import every page (once a process) and give Dash each module's ``layout``.

    Raises
    ------
    RuntimeError
        A module of this package registers no page.
    """
    for name in page_modules():
        module = importlib.import_module(name)
        page = dash.page_registry.get(module.__name__)
        if page is None:
            raise RuntimeError(f"{name} registers no page: a module of dashboards.pages calls "
                               "dash.register_page(__name__, ..., order=N)")
        page.setdefault("layout", module.layout)
