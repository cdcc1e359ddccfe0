"""API keys go to the system keyring; without one they live in memory for the session only."""

from __future__ import annotations

import logging

from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.errors import KeyringLocked, PasswordDeleteError

from writer_app.core.remote.api_keys import NO_KEYRING, SERVICE, KeyStore


class MemoryKeyring(KeyringBackend):
    """A keyring backend (keyring's own interface) that keeps passwords in a dict."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[(service, username)] = password

    def delete_password(self, service, username):
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError("none")


class LockedKeyring(MemoryKeyring):
    def set_password(self, service, username, password):
        raise KeyringLocked("the keyring is locked")


def test_keys_go_into_the_keyring_under_the_apps_name():
    backend = MemoryKeyring()
    store = KeyStore(backend)
    assert store.set("Home server", "sk-1") is True
    assert backend.passwords == {(SERVICE, "Home server"): "sk-1"}
    assert KeyStore(backend).get("Home server") == "sk-1"  # a later session finds it
    assert store.persistent and store.note == ""


def test_deleting_and_renaming_keys():
    backend = MemoryKeyring()
    store = KeyStore(backend)
    store.set("Old", "sk-2")
    store.rename("Old", "New")
    assert store.get("Old") is None and store.get("New") == "sk-2"
    store.delete("New")
    store.delete("New")  # twice is fine
    assert backend.passwords == {}
    store.set("Blank", "")
    assert store.get("Blank") is None


def test_without_a_keyring_the_key_lasts_only_this_session():
    store = KeyStore(fail.Keyring())
    assert store.set("Home server", "sk-3") is False
    assert store.get("Home server") == "sk-3"
    assert not store.persistent
    assert store.note == NO_KEYRING and "again next time" in store.note
    assert KeyStore(fail.Keyring()).get("Home server") is None  # gone after a restart


def test_the_null_keyring_does_not_count_as_keeping_keys():
    store = KeyStore(null.Keyring())
    assert store.set("Home server", "sk-4") is False
    assert store.get("Home server") == "sk-4"
    assert store.note == NO_KEYRING


def test_a_locked_keyring_falls_back_without_leaking_the_key(caplog):
    caplog.set_level(logging.DEBUG)
    store = KeyStore(LockedKeyring())
    assert store.set("Home server", "sk-secret-5") is False
    assert store.get("Home server") == "sk-secret-5"
    assert store.note == NO_KEYRING
    assert "sk-secret-5" not in caplog.text


def test_the_systems_keyring_is_looked_up_only_when_asked():
    store = KeyStore()  # nothing is looked up (no D-Bus, no Keychain) until a key is needed
    assert store._backend is None
    assert store.persistent in (True, False)  # this machine's answer; writes nothing
    assert store._backend is not None
