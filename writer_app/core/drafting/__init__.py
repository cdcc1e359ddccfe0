"""What every engine shares, on this computer or on a server: the engine protocol, the
request and the suggestion, sampling settings and presets, where a suggestion stops, token
pieces to text, word choices, and the history and provenance of what the model wrote.

The rule: no engine lives here: nothing imports ``core.local`` or ``core.remote``, so both
build on it.
"""
