"""Access policies answer the pages' questions; local mode and a team server differ only here."""

from __future__ import annotations

import flask
import pytest
from flask_login import LoginManager, login_user

from dashboards.access import LocalPolicy, TeamPolicy
from dashboards.login import SessionUser
from loadwatch.service import accounts
from loadwatch.service.accounts import AccessDenied
from loadwatch.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(f"sqlite:///{tmp_path / 's.db'}") as opened:
        yield opened


def test_local_mode_reads_and_writes_whoever_the_address_names(store):
    policy = LocalPolicy(store, "me")
    assert policy.athlete() == "me"
    assert policy.athlete("ann") == "ann"
    assert policy.visible_athletes() == ["me"]  # an empty store: the default only
    store.athlete_id("ann")
    store.athlete_id("me")
    assert policy.visible_athletes() == ["ann", "me"]
    assert policy.may_read("ann")
    assert policy.may_write("ann")
    policy.require("write", "ann")
    assert policy.link_query("ann") == "?athlete=ann"
    assert policy.link_query(None) == "?athlete=me"
    assert policy.athlete_to_prepare() == "me"
    assert not policy.shows_logout


def test_local_mode_shows_the_only_athlete_when_the_default_is_not_there(store):
    store.athlete_id("ann")
    assert LocalPolicy(store, "me").athlete() == "ann"


def test_local_mode_has_no_coaches_so_no_comments(store):
    policy = LocalPolicy(store, "me")
    assert not policy.may_comment("me")
    with pytest.raises(AccessDenied):
        policy.require("comment", "me")
    with pytest.raises(ValueError, match="unknown action"):
        policy.require("delete", "me")


def _as(store: Store, name: str):
    """A request context in which ``name`` is logged in."""
    app = flask.Flask(__name__)
    app.config["SECRET_KEY"] = "test"
    LoginManager(app)
    context = app.test_request_context()
    context.push()
    login_user(SessionUser(accounts.user(store, name)))
    return context


def test_a_coach_reads_and_comments_on_assigned_athletes_only(store):
    for athlete in ("ann", "ben"):
        store.athlete_id(athlete)
    accounts.add_user(store, "cora", "cora-password-1", "coach")
    accounts.assign(store, "cora", "ann")
    context = _as(store, "cora")
    try:
        policy = TeamPolicy(store)
        assert policy.logged_in()
        assert policy.athlete("ben") == "ann"  # the address is ignored
        assert policy.visible_athletes() == ["ann"]
        assert (policy.may_read("ann"), policy.may_comment("ann"), policy.may_write("ann")) \
            == (True, True, False)
        assert not policy.may_read("ben")
        with pytest.raises(AccessDenied):
            policy.choose("ben")
        with pytest.raises(AccessDenied):
            policy.require("write", "ann")
        assert policy.author() == "cora"
        assert policy.link_query("ben") == ""
        assert policy.shows_logout
        assert policy.athlete_to_prepare() is None
    finally:
        context.pop()


def test_a_user_with_no_athlete_is_refused_everything(store):
    accounts.add_user(store, "cora", "cora-password-1", "coach")
    context = _as(store, "cora")
    try:
        policy = TeamPolicy(store)
        assert policy.athlete() is None
        with pytest.raises(AccessDenied, match="no athlete is assigned"):
            policy.require("read", None)
    finally:
        context.pop()
