"""The diary's use cases: what is added, changed and imported."""

from __future__ import annotations

from loadwatch.service import diary as diary_service
from loadwatch.store import Store


def test_an_entry_stored_before_a_field_existed_is_not_imported_twice(tmp_path):
    """Older versions stored entries without later fields; the same entry is the same."""
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        old = {"date": "2026-08-01", "location": "groin", "pain": 3, "side": None,
               "onset": None, "character": [], "when": [], "signs": [], "trigger": None,
               "weeks": None, "notes": None}  # no "worsening": written before it existed
        store.add_entry("me", old)
        added, existing = diary_service.import_entries(
            store, athlete="me", items=[{**old, "worsening": False}])
        assert (added, existing) == (0, 1)
        assert len(store.entries("me")) == 1
