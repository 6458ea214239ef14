"""The weekly summaries sent, and the views a team server's workers share."""

from __future__ import annotations

from loadwatch.store import Store

KEY = (3, "2026-08-24", 1)


def test_only_a_successful_send_counts_as_sent(store):
    store.record_send("me", "2026-08-24", "me@example.org", "failed", "connection refused")
    assert not store.summary_sent("me", "2026-08-24")
    store.record_send("me", "2026-08-24", "me@example.org", "sent")
    assert store.summary_sent("me", "2026-08-24")
    assert not store.summary_sent("me", "2026-08-31")
    sends = store.sends("me")
    assert [(s["status"], s["error"]) for s in sends] == [("failed", "connection refused"),
                                                          ("sent", None)]


def test_a_view_saved_by_one_worker_is_read_by_another(store_url):
    with Store(store_url) as first, Store(store_url) as second:
        first.set_settings("me", {"units": "km"})
        first.save_view("me", "snapshot", KEY, b"frames")
        assert second.cached_view("me", "snapshot", KEY) == b"frames"


def test_a_view_of_another_data_version_day_or_format_is_a_miss(store):
    store.set_settings("me", {"units": "km"})
    store.save_view("me", "snapshot", KEY, b"frames")
    for other in ((4, "2026-08-24", 1), (3, "2026-08-25", 1), (3, "2026-08-24", 2)):
        assert store.cached_view("me", "snapshot", other) is None
    store.save_view("me", "weeks", (4, "2026-08-24", 1), b"figure")
    assert store.cached_view("me", "snapshot", KEY) is None  # a newer key drops the old
    assert store.cached_view("me", "weeks", (4, "2026-08-24", 1)) == b"figure"
