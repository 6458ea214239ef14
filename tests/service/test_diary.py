"""The diary's use cases: what is added, changed and imported."""

from __future__ import annotations

import pytest

from loadwatch.errors import DuplicateEntry, UsageError
from loadwatch.service import diary as diary_service
from loadwatch.service.reports import local_today
from loadwatch.service.settings import change_settings
from loadwatch.settings import effective
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


# An entry as a runner types it, and as a diary file (`diary list --json`) holds it.
TYPED = {"date": "2026-08-03", "side": "right", "location": "groin", "pain": 4,
         "when": ["walking", "after_run"], "signs": ["tenderness"], "notes": "after the hills"}
FILED = {**TYPED, "when": ["after_run", "walking"], "notes": "  after the hills \n",
         "id": 12, "urgency": "see_clinician", "conditions": [], "load_context": None}


def test_an_entry_imported_from_a_file_is_refused_when_typed_in_again(store):
    assert diary_service.import_entries(store, athlete="me", items=[FILED]) == (1, 0)
    (stored,) = store.entries("me")
    with pytest.raises(DuplicateEntry) as refused:
        diary_service.add_entry(store, athlete="me", values=TYPED)
    assert isinstance(refused.value, UsageError)  # the CLI prints it as "Error: ..."
    assert (refused.value.entry_id, refused.value.day) == (stored["id"], "2026-08-03")
    assert f"entry {stored['id']} of 2026-08-03" in str(refused.value)
    assert len(store.entries("me")) == 1


def test_an_entry_added_twice_is_refused_and_not_imported_again(store):
    first = diary_service.add_entry(store, athlete="me", values=TYPED)
    with pytest.raises(DuplicateEntry) as refused:
        diary_service.add_entry(store, athlete="me", values={**TYPED, "notes": "after the hills "})
    assert refused.value.entry_id == first.id
    assert diary_service.import_entries(store, athlete="me", items=[FILED, FILED]) == (0, 2)
    assert len(store.entries("me")) == 1


def test_an_entry_that_differs_in_anything_it_says_is_not_a_duplicate(store):
    diary_service.add_entry(store, athlete="me", values=TYPED)
    for change in ({"pain": 5}, {"side": "left"}, {"signs": []}, {"worsening": True},
                   {"notes": "after the track"}, {"date": "2026-08-04"}):
        diary_service.add_entry(store, athlete="me", values={**TYPED, **change})
    assert len(store.entries("me")) == 7
    # Two of the same entry in one file: the second is the first, already there.
    assert diary_service.import_entries(store, athlete="ann", items=[FILED, FILED]) == (1, 1)


def test_a_replacing_edit_clears_what_the_form_left_empty(store):
    added = diary_service.add_entry(store, athlete="me", values={**TYPED, "onset": "gradual"})
    # The command line's edit changes only what is given ...
    diary_service.edit_entry(store, athlete="me", entry_id=added.id,
                             changes={"pain": 3, "signs": None, "onset": None})
    (kept,) = store.entries("me")
    assert (kept["pain"], kept["signs"], kept["onset"]) == (3, ["tenderness"], "gradual")
    # ... the dashboard's replaces the entry: a field not given is cleared.
    edited = diary_service.edit_entry(
        store, athlete="me", entry_id=added.id, replace=True,
        changes={"date": "2026-08-03", "location": "knee_front", "pain": 3, "signs": None,
                 "onset": None, "notes": None, "side": "right"})
    (replaced,) = store.entries("me")
    assert replaced["id"] == added.id == edited.id
    assert (replaced["location"], replaced["signs"], replaced["onset"], replaced["notes"],
            replaced["when"]) == ("knee_front", [], None, None, [])
    assert replaced["side"] == "right"


def test_pain_is_required_to_add_an_entry_and_by_a_replacing_edit(store):
    for values in ({**TYPED, "pain": None}, {k: v for k, v in TYPED.items() if k != "pain"}):
        with pytest.raises(UsageError, match="pain is needed"):
            diary_service.add_entry(store, athlete="me", values=values)
    assert store.entries("me") == []
    added = diary_service.add_entry(store, athlete="me", values=TYPED)
    with pytest.raises(UsageError, match="pain is needed"):
        diary_service.edit_entry(store, athlete="me", entry_id=added.id, replace=True,
                                 changes={**TYPED, "pain": None})
    assert store.entries("me")[0]["pain"] == 4


def test_an_entry_without_a_date_is_dated_the_athletes_local_today(tmp_path):
    # UTC+14 and UTC-11 are 25 hours apart: their dates always differ, so at least
    # one of them differs from this machine's date whatever the hour.
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        for athlete, zone in (("kiribati", "Pacific/Kiritimati"), ("samoa", "Pacific/Pago_Pago")):
            change_settings(store, athlete=athlete, changes={"timezone": zone})
            added = diary_service.add_entry(store, athlete=athlete,
                                            values={"location": "heel", "pain": 2})
            assert added.entry.date == local_today(effective(store.settings(athlete)))
