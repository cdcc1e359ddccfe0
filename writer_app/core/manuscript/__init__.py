"""The writer's words on disk: a file read in any encoding and line endings and saved
without damage, rolling backups, the autosave journal and recovery, novels as folders of
chapters, the Open Recent list.

The rule: the writer's text is never lost or silently changed: every write is atomic, and
what does not read cleanly is refused, never guessed.
"""
