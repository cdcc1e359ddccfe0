"""A novel's dated backup archive: one zip of project.json and every chapter, written when
the app closes; the newest ``KEEP_ARCHIVES`` are kept in the novel's backups/archives/."""

from __future__ import annotations

import logging
import os
import re
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from writer_app.core.manuscript.project import Project, ProjectError, slug
from writer_app.core.manuscript.project_file import PROJECT_FILE, chapter_files
from writer_app.core.text import sentence

log = logging.getLogger(__name__)

KEEP_ARCHIVES = 10
_STAMP = "%Y-%m-%dT%H-%M-%S"
_STAMP_RE = r"\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d"


def archive_project(project: Project, dest_folder: Path | None = None) -> Path:
    """A dated zip of project.json and the chapters, in backups/archives/ (where only the
    newest 10 are kept) or in ``dest_folder`` (which is never pruned)."""
    default = project.folder / "backups" / "archives"
    folder = Path(dest_folder) if dest_folder is not None else default
    base = slug(project.title, 60)
    stamp = datetime.now().strftime(_STAMP)
    # Several in one second: a counter above any used, so a pruned name is never reused.
    counter = max((key[1] for key, _ in _archives(folder, base) if key[0] == stamp), default=0)
    target = folder / f"{base}-{stamp}{f'-{counter + 1}' if counter else ''}.zip"
    temp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        root = project.folder.name  # one folder inside the zip, not files strewn about
        with os.fdopen(fd, "wb") as stream:
            # strict_timestamps=False: a file dated before 1980 must not stop the backup.
            zipped = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, strict_timestamps=False)
            with zipped as zf:
                zf.write(project.metadata_path, f"{root}/{PROJECT_FILE}")
                for path in chapter_files(project.chapters_dir):
                    zf.write(path, f"{root}/chapters/{path.name}")
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, target)
    except OSError as error:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise ProjectError(
            sentence.translate(
                "Project", "The backup archive of “{title}” could not be written ({reason})."
            ).format(title=project.title, reason=error.strerror)
        ) from error
    if dest_folder is None:
        for _, old in sorted(_archives(folder, base), reverse=True)[KEEP_ARCHIVES:]:
            old.unlink(missing_ok=True)
    log.info("archived %s to %s", project.folder, target)
    return target


def _archives(folder: Path, base: str) -> list[tuple[tuple[str, int], Path]]:
    """This project's archives in ``folder``, each with a sortable (time, counter) key."""
    pattern = re.compile(rf"{re.escape(base)}-({_STAMP_RE})(?:-(\d+))?\.zip")
    try:
        matches = [(pattern.fullmatch(path.name), path) for path in folder.iterdir()]
    except OSError:
        return []
    return [((m[1], int(m[2] or 1)), path) for m, path in matches if m]
