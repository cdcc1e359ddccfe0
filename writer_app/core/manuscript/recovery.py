"""What a crash left: the unsaved text of each document, found at start-up and offered back.

``find_recoverable`` reads every autosave journal (``journal``) once: a journal whose text the
file on disk already holds is removed, one that cannot be read is moved to ``damaged/`` and
reported, never deleted; the rest come back as ``Recoverable``, with a preview of what changed.
A journal the writer dismisses is kept in ``dismissed/``, so even a wrong click can be undone.
"""

from __future__ import annotations

import difflib
import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from writer_app.core.manuscript.encoding import DecodeError
from writer_app.core.manuscript.journal import (
    KEEP_ASIDE,
    SUFFIX,
    ParsedJournal,
    journal_folder,
    move_journal_aside,
    parse_journal,
    prune_journals,
    read_journal,
)
from writer_app.core.manuscript.text_file import (
    Fingerprint,
    ManuscriptError,
    fingerprint,
    read_manuscript,
)
from writer_app.core.text import sentence

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DamagedJournal:
    path: Path  # where it is now (journal/damaged/ unless it could not be moved)
    reason: str  # a sentence for the writer


@dataclass(frozen=True)
class Recoverable:
    """A document whose unsaved text can come back."""

    key: str
    path: Path | None  # None: never saved, or recorded without its folder (see recorded_path)
    text: str  # the latest intact snapshot
    saved_text: str | None  # the file on disk now, if it exists and reads cleanly
    journal_file: Path = field(compare=False)
    recorded_at: float = 0.0  # when the snapshot was taken (epoch seconds)
    encoding: str = ""  # the file's format label when it was journalled
    torn: bool = False  # a half-written last record was skipped
    # The file the text was loaded from, as it was then (None: not recorded, older journals).
    identity: Fingerprint | None = None
    # The file on disk now is not the one the journal was taken from (other bytes): restoring
    # into it must ask.
    file_replaced: bool = False
    # The path as the journal holds it when it is not absolute (journals of older versions):
    # its folder is unknown, so the text comes back as an untitled copy, never into a file
    # that happens to have that name below today's working folder.
    recorded_path: str | None = None

    @property
    def changed(self) -> bool:
        return self.text != self.saved_text

    @property
    def location_unknown(self) -> bool:
        return self.recorded_path is not None

    @property
    def title(self) -> str:
        if self.path is not None:
            return self.path.name
        if self.recorded_path:
            return Path(self.recorded_path).name or "Untitled"
        return "Untitled"

    def as_copy(self) -> Recoverable:
        """The same text, to come back as an untitled document (no file is touched)."""
        return replace(self, path=None, saved_text=None, identity=None, file_replaced=False)

    def preview(self, max_lines: int = 8) -> str:
        """What comes back: a short diff against the file on disk, or the last lines."""
        if self.saved_text is None:
            lines = [line for line in self.text.splitlines() if line.strip()]
            return "\n".join(_clip(line) for line in lines[-max_lines:])
        return _diff_preview(self.saved_text, self.text, max_lines)


def _clip(line: str, width: int = 120, focus: int = 0) -> str:
    """At most ``width`` characters of ``line`` around ``focus`` (long Chinese paragraphs)."""
    if len(line) <= width:
        return line
    start = max(0, min(focus - width // 3, len(line) - width))
    end = start + width
    return ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")


def _diff_preview(old: str, new: str, max_lines: int) -> str:
    a, b = old.splitlines(), new.splitlines()
    # Trim the common head and tail first: difflib is quadratic in the worst case and a novel
    # has thousands of lines, nearly all the same.
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a_mid, b_mid = a[head : len(a) - tail], b[head : len(b) - tail]
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a_mid, b_mid).get_opcodes():
        if tag == "equal":
            continue
        for k, line in enumerate(a_mid[i1:i2]):
            partner = b_mid[j1 + k] if j1 + k < j2 else ""
            out.append("- " + _clip(line, focus=_first_difference(line, partner)))
        for k, line in enumerate(b_mid[j1:j2]):
            partner = a_mid[i1 + k] if i1 + k < i2 else ""
            out.append("+ " + _clip(line, focus=_first_difference(line, partner)))
    if not out:
        return "(only line endings or the final newline differ)"
    if len(out) > max_lines:
        hidden = len(out) - max_lines + 1
        out = out[: max_lines - 1] + [f"… and {hidden} more changed lines"]
    return "\n".join(out)


def _first_difference(a: str, b: str) -> int:
    pairs = enumerate(zip(a, b, strict=False))
    return next((i for i, (x, y) in pairs if x != y), min(len(a), len(b)))


def find_recoverable(
    folder: Path | None = None,
) -> tuple[list[Recoverable], list[DamagedJournal]]:
    """Documents that can come back after a crash, newest first, and damaged journals.

    Journals whose text equals the file on disk are removed (nothing to restore). Never raises
    for a bad journal: it is moved to ``damaged/`` and reported.
    """
    folder = Path(folder) if folder is not None else journal_folder()
    found: list[Recoverable] = []
    damaged: list[DamagedJournal] = []
    try:
        files = _journal_files(folder)
    except OSError as error:
        log.warning("cannot list journals in %s: %s", folder, error)
        return [], []
    for file in files:
        outcome = _examine(file)
        if isinstance(outcome, Recoverable):
            found.append(outcome)
        elif outcome is not None:
            damaged.append(outcome)
    return found, damaged


def _journal_files(folder: Path) -> list[Path]:
    """The journals in ``folder``, newest first (OSError when it cannot be listed)."""
    return sorted(
        (p for p in folder.glob(f"*{SUFFIX}") if p.is_file()),
        key=lambda p: p.stat().st_mtime_ns,
        reverse=True,
    )


def _examine(file: Path) -> Recoverable | DamagedJournal | None:
    """What one journal offers back; None when the file on disk already holds its text (the
    journal is then removed)."""
    try:
        parsed = parse_journal(read_journal(file))
    except OSError as error:
        reason = error.strerror or str(error)
        return DamagedJournal(
            file,
            sentence.translate("Recovery", "It could not be read ({reason}).").format(
                reason=reason
            ),
        )
    except (ValueError, UnicodeDecodeError) as error:
        return _set_aside(file, str(error))
    path, recorded_path = _recorded_location(parsed.header.get("path"))
    saved, now = _on_disk(path)
    if parsed.text == saved or (path is None and recorded_path is None and not parsed.text.strip()):
        _remove_spent(file)
        return None
    return _recoverable(file, parsed, path, recorded_path, saved, now)


def _recoverable(
    file: Path,
    parsed: ParsedJournal,
    path: Path | None,
    recorded_path: str | None,
    saved: str | None,
    now: Fingerprint | None,
) -> Recoverable:
    identity = _identity(parsed.header.get("file"))
    encoding = parsed.header.get("encoding")
    return Recoverable(
        key=str(parsed.header["key"]),
        path=path,
        text=parsed.text,
        saved_text=saved,
        journal_file=file,
        recorded_at=parsed.recorded_at,
        encoding=encoding if isinstance(encoding, str) else "",
        torn=parsed.torn,
        identity=identity,
        file_replaced=_replaced(identity, now, "file" in parsed.header),
        recorded_path=recorded_path,
    )


def _on_disk(path: Path | None) -> tuple[str | None, Fingerprint | None]:
    """The journalled file's text and fingerprint now: (None, None) when there is no file, and
    no text when it no longer reads cleanly."""
    if path is None or not path.exists():
        return None, None
    try:
        loaded = read_manuscript(path)
    except (ManuscriptError, DecodeError, OSError) as error:
        log.info("journalled file %s unreadable now: %s", path, error)
        return None, _fingerprint_or_none(path)
    return loaded.text, loaded.fingerprint


def _remove_spent(file: Path) -> None:
    """Remove a journal that holds nothing unsaved."""
    log.info("journal %s holds nothing unsaved; removing it", file)
    try:
        file.unlink()
    except OSError as error:
        log.warning("could not remove journal %s: %s", file, error)


def _recorded_location(raw: object) -> tuple[Path | None, str | None]:
    """(absolute path, None), or (None, the path as recorded) when it has no folder.

    A relative path is never resolved against today's working folder: that is how a restore
    once landed in another book's file of the same name.
    """
    if not isinstance(raw, str) or not raw or "\x00" in raw:
        return None, None
    if not os.path.isabs(raw):
        log.warning("journal records a relative path %r; its folder is unknown", raw)
        return None, raw
    return Path(raw), None


def _identity(raw: object) -> Fingerprint | None:
    if not isinstance(raw, dict):
        return None
    size, mtime_ns, sha256 = raw.get("size"), raw.get("mtime_ns"), raw.get("sha256")
    if not (isinstance(size, int) and isinstance(mtime_ns, int) and isinstance(sha256, str)):
        return None
    return Fingerprint(size, mtime_ns, sha256)


def _fingerprint_or_none(path: Path) -> Fingerprint | None:
    try:
        return fingerprint(path)
    except OSError:
        return None


def _replaced(recorded: Fingerprint | None, now: Fingerprint | None, known: bool) -> bool:
    """Whether the file on disk is not the one the journal was taken from.

    ``known``: the journal recorded the file (an identity, or null for a file that did not
    exist yet). Older journals recorded nothing: they cannot tell, and restore as they did.
    """
    if not known or now is None:
        return False  # nothing to overwrite, or nothing to compare with
    return recorded is None or recorded.sha256 != now.sha256


def _set_aside(file: Path, why: str) -> DamagedJournal:
    try:
        kept = move_journal_aside(file, "damaged")
    except OSError as error:
        log.warning("damaged journal %s could not be moved aside: %s", file, error)
        reason = sentence.translate(
            "Recovery", "An autosave journal could not be used: {why}. It was left where it is."
        ).format(why=why)
        return DamagedJournal(file, reason)
    log.warning("damaged journal %s moved to %s (%s)", file, kept, why)
    reason = sentence.translate(
        "Recovery",
        "An autosave journal could not be used: {why}. It was kept as {kept} in case you need it.",
    ).format(why=why, kept=kept)
    return DamagedJournal(kept, reason)


def restore(rec: Recoverable) -> str:
    """The text to put back in the editor. The journal stays until the document is saved or
    its Journal discarded, so a second crash before saving loses nothing either."""
    return rec.text


def dismiss(rec: Recoverable) -> Path | None:
    """The writer chose not to restore: move the journal to ``dismissed/`` (the newest 20 are
    kept there), so even a wrong click can be undone by hand."""
    try:
        kept = move_journal_aside(rec.journal_file, "dismissed")
    except FileNotFoundError:
        return None
    except OSError as error:
        log.warning("could not move dismissed journal %s: %s", rec.journal_file, error)
        return None
    prune_journals(kept.parent, KEEP_ASIDE)
    return kept
