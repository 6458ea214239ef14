"""A club's safety commands: password rules, roles, unlocking, the audit log, restores.

Each test runs on SQLite and on PostgreSQL (the ``store_url`` fixture).
"""

from __future__ import annotations

import json
import zipfile

import pytest

from loadwatch.service import accounts, audit, logins
from loadwatch.service.exchange import export_athlete, restore_export
from loadwatch.store import Store
from tests.cli.conftest import run

ENTRY = {"date": "2026-08-30", "side": "right", "location": "groin", "pain": 4,
         "onset": "gradual", "character": ["aching"], "when": ["during_run"], "signs": [],
         "trigger": None, "weeks": None, "notes": "sore after the long run"}


@pytest.mark.parametrize(("weak", "reason"), [
    ("          ", "Repeats"), ("aaaaaaaaaa", "Repeats"), ("password12", "common password"),
    ("1234567890", "common password"), ("annann-ann1", "too easy to guess"),
    ("short", "at least 10 characters")])
def test_weak_passwords_are_refused_with_the_reason(store_url, weak, reason):
    run(store_url, "user", "add", "ann", "--password-stdin", stdin="ann-password-1\n")
    for command in (("user", "add", "ben"), ("user", "passwd", "ann")):
        out = run(store_url, *command, "--password-stdin", stdin=weak + "\n", code=1)
        assert out.startswith("Error: ")
        assert reason in out
    with Store(store_url) as store:
        assert accounts.authenticate(store, "ann", "ann-password-1") is not None
        assert store.accounts.find("ben") is None


def test_a_long_passphrase_without_digits_or_capitals_is_fine(store_url):
    # NIST SP 800-63B: no rules about character classes.
    out = run(store_url, "user", "add", "ann", "--password-stdin",
              stdin="tempo along the canal towpath\n")
    assert "user ann added" in out


def test_role_change_unlock_and_the_audit_log(store_url):
    run(store_url, "user", "add", "cora", "--role", "coach", "--password-stdin",
        stdin="cora-password-1\n")
    with Store(store_url) as store:
        token = store.accounts.find("cora").session_token
        for _ in range(logins.LOCK_AFTER):
            store.logins.fail("cora", at=store.logins.failures("cora").last_failure
                              if store.logins.failures("cora") else _now(), **_RULES)
        with pytest.raises(logins.LoginFailed, match="locked until"):
            logins.log_in(store, name="cora", password="cora-password-1")
    assert "open again" in run(store_url, "user", "unlock", "cora")
    assert "now admin" in run(store_url, "user", "role", "cora", "admin")
    with Store(store_url) as store:
        assert store.accounts.find("cora").session_token != token  # logged out everywhere
        assert logins.log_in(store, name="cora", password="cora-password-1").role == "admin"
    rows = json.loads(run(store_url, "audit", "--json"))
    kinds = [row["kind"] for row in rows]
    assert kinds == ["user_added", "login_refused", "unlock", "role_changed", "login"]
    assert rows[3]["detail"] == "coach -> admin"
    assert rows[2]["actor"].startswith("cli:")
    only = json.loads(run(store_url, "audit", "--kind", "login", "--since", "1h", "--json"))
    assert [row["kind"] for row in only] == ["login"]
    table = run(store_url, "audit", "--user", "cora")
    assert "role_changed" in table


def _now():
    from loadwatch.store.engine import now

    return now()


_RULES = {"forget_after": logins.FORGET_AFTER, "lock_after": logins.LOCK_AFTER,
          "lock_for": logins.LOCK_FOR}


def test_a_restore_keeps_only_the_restorers_comments(store_url, tmp_path):
    with Store(store_url) as store:
        entry = store.add_entry("ann", ENTRY)
        store.add_comment("ann", entry, "cora", "easy week please")
        store.add_comment("ann", entry, "ann", "will do")
        path = tmp_path / "ann.zip"
        export_athlete(store, athlete="ann", path=path)
        forged = _forge(path, tmp_path / "forged.zip", author="root", text="cleared to race")
        store.delete_athlete("ann")
        with audit.acting("ann", "127.0.0.1", admin=False):
            done = restore_export(store, path=forged)
        assert done["comments_dropped"] == 2  # cora's real one and the forged admin's
        (kept,) = [c for items in store.comments("ann").values() for c in items]
        assert (kept["author"], kept["text"]) == ("ann", "will do")
        store.delete_athlete("ann")
        with audit.acting("root", admin=True):
            assert restore_export(store, path=forged)["comments_dropped"] == 0
        authors = sorted(c["author"] for items in store.comments("ann").values() for c in items)
        assert authors == ["ann", "cora", "root"]
        details = [r["detail"] for r in audit.entries(store, kind="restore")]
        assert details == ["0 activities, 2 comments by others dropped",
                           "0 activities, 0 comments by others dropped"]


def _forge(path, target, *, author: str, text: str):
    """The export with one more comment, signed by ``author``: what a tamperer would do."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "diary.json":
                diary = json.loads(data)
                extra = {**diary[0]["comments"][0], "author": author, "text": text}
                diary[0]["comments"].append(extra)
                data = json.dumps(diary).encode()
            out.writestr(item, data)
    return target
