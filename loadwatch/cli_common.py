"""What the command modules share: the store named by --db, closed when the command ends."""

from __future__ import annotations

import click

from loadwatch.store import Store


def open_store(ctx: click.Context) -> Store:
    store = Store(ctx.obj["db"])
    ctx.call_on_close(store.close)
    return store
