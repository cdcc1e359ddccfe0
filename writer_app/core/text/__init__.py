"""Text the way writers see it, in English, Chinese, Japanese and Korean: which script a
character is (``scripts``, the one table every caller asks), word steps, word counts, and Qt's
UTF-16 positions against Python's string offsets; and ``sentence``, the English sentences of
core that the window says in the writer's language.

The rule: pure functions of ``str``; nothing here imports the rest of the app.
"""
