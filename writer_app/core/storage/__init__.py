"""Where the app keeps its files and how it reads and writes them: the folders
(platformdirs, XDG honoured), reads that never hang or fill memory (a FIFO, /dev/zero, a huge
file), atomic writes, the one JSON store with one policy for a damaged file (state_files),
and the chunked copy and file hash that imports and downloads share (copying, hashing).

The rule: the bottom layer: nothing here imports the rest of ``core``.
"""
