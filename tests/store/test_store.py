"""Opening the store, and what its messages show of the URL."""

from __future__ import annotations

import pytest

from loadwatch.errors import StoreError
from loadwatch.store import Store


def test_unreachable_database_is_a_store_error():
    with pytest.raises(StoreError, match="cannot open the store"):
        Store("postgresql+psycopg://someone:secret@127.0.0.1:1/nothing")


def test_store_error_hides_the_password():
    with pytest.raises(StoreError) as caught:
        Store("postgresql+psycopg://someone:secret@127.0.0.1:1/nothing")
    assert "secret" not in str(caught.value)


def test_store_error_names_the_database_it_could_not_open():
    with pytest.raises(StoreError) as caught:
        Store("postgresql+psycopg://someone:s%40cret@127.0.0.1:1/nothing")
    message = str(caught.value)
    assert "postgresql+psycopg://someone:***@127.0.0.1:1/nothing" in message
    assert "cret" not in message


def test_a_url_that_is_no_url_is_a_store_error_without_its_password():
    with pytest.raises(StoreError) as caught:
        Store("someone:secret@nowhere")
    assert "secret" not in str(caught.value)
