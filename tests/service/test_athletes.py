"""A read of an athlete the store does not hold is refused in one place, naming who is there."""

from __future__ import annotations

import pytest

from loadwatch.errors import UnknownAthlete
from loadwatch.service.athletes import (
    athlete_rows,
    check_athlete,
    delete_athlete,
    require_athlete,
)


def test_an_empty_store_refuses_no_read(store):
    check_athlete(store, "me")
    with pytest.raises(UnknownAthlete, match="holds no athletes yet"):
        require_athlete(store, "me")


def test_a_typo_is_refused_naming_the_nearest_first(store):
    for name in ("anna", "ben", "me"):
        store.set_settings(name, {"units": "km"})
    check_athlete(store, "ben")
    with pytest.raises(UnknownAthlete) as refused:
        check_athlete(store, "bne")
    assert str(refused.value) == "no athlete named 'bne' in this store; athletes: ben, anna, me"


def test_a_club_is_named_in_part(store):
    for number in range(15):
        store.set_settings(f"runner{number:02}", {"units": "km"})
    with pytest.raises(UnknownAthlete) as refused:
        check_athlete(store, "coach")
    assert str(refused.value).endswith(", ... (15 in all: loadwatch athlete list)")
    assert len(athlete_rows(store)) == 15


def test_deleting_needs_the_athlete(store):
    store.set_settings("ann", {"units": "km"})
    with pytest.raises(UnknownAthlete):
        delete_athlete(store, athlete="anne")
    delete_athlete(store, athlete="ann")
    assert store.athletes() == []
