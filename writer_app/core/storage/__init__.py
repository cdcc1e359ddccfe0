"""Where the app keeps its files and how it reads and writes them: the folders
(platformdirs, XDG honoured), reads that never hang or fill memory (a FIFO, /dev/zero, a huge
file), atomic writes, one policy for a damaged JSON file.

The rule: the bottom layer: nothing here imports the rest of ``core``.
"""
