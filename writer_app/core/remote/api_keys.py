"""API keys of remote engines, kept in the system keyring (macOS Keychain, Windows Credential
Manager, the Secret Service on Linux) through the ``keyring`` library.

A key is never written to the settings files or a log.  Where no keyring is available (a
headless Linux machine without a Secret Service), the key is kept in memory for this session
only and ``note`` says so; the writer then enters it again after a restart.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from writer_app.core.text import sentence

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

SERVICE = "writer-app"
NO_KEYRING = sentence.translate(
    "RemoteEngine",
    "This system has no keyring to keep API keys in, so the key is kept only until "
    "writer-app closes; you will be asked for it again next time.",
)


class KeyStore:
    """Keys by engine name.  The keyring is looked up on first use, never at import."""

    def __init__(self, backend: KeyringBackend | None = None, service: str = SERVICE) -> None:
        self._backend = backend
        self._service = service
        self._session: dict[str, str] = {}  # keys that could not go into a keyring
        self.note = ""  # why keys are not remembered across sessions ("" when they are)

    @property
    def persistent(self) -> bool:
        """Whether keys survive a restart (a working keyring is there)."""
        return self._keyring() is not None

    def get(self, engine_name: str) -> str | None:
        if engine_name in self._session:
            return self._session[engine_name]
        backend = self._keyring()
        if backend is None:
            return None
        from keyring.errors import KeyringError

        try:
            return backend.get_password(self._service, engine_name)
        except KeyringError as error:
            self._give_up(error)
            return None

    def set(self, engine_name: str, key: str) -> bool:
        """Keep ``key`` for the engine; True when it went into the keyring, False when it is
        kept for this session only (``note`` says why)."""
        if not key:
            self.delete(engine_name)
            return self.persistent
        backend = self._keyring()
        if backend is not None:
            from keyring.errors import KeyringError

            try:
                backend.set_password(self._service, engine_name, key)
                self._session.pop(engine_name, None)
                return True
            except KeyringError as error:
                self._give_up(error)
        self._session[engine_name] = key
        return False

    def delete(self, engine_name: str) -> None:
        self._session.pop(engine_name, None)
        backend = self._keyring()
        if backend is None:
            return
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            backend.delete_password(self._service, engine_name)
        except PasswordDeleteError:
            pass  # there was none
        except KeyringError as error:
            self._give_up(error)

    def rename(self, old_name: str, new_name: str) -> None:
        """Move a key along when the writer renames an engine."""
        key = self.get(old_name)
        if key is not None and old_name != new_name:
            self.set(new_name, key)
            self.delete(old_name)

    def _keyring(self) -> KeyringBackend | None:
        if self.note:
            return None
        if self._backend is None:
            import keyring

            self._backend = keyring.get_keyring()
        if _is_usable(self._backend):
            return self._backend
        self.note = NO_KEYRING
        log.info("no usable keyring (%s); API keys stay in memory", type(self._backend))
        return None

    def _give_up(self, error: Exception) -> None:
        # Log the kind of failure only: a keyring error message could echo what was stored.
        log.warning("the keyring failed (%s); API keys stay in memory", type(error).__name__)
        self.note = NO_KEYRING


def _is_usable(backend: KeyringBackend) -> bool:
    """keyring's "fail" backend raises on every call and its "null" one silently forgets:
    neither keeps a key.  Both have a priority of 0 or below; real backends are above."""
    from keyring.backends import fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    try:
        return float(backend.priority) > 0
    except Exception:  # a third-party backend whose priority check itself fails
        return False
