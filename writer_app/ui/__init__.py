"""Qt: the page, the panels beside it, the controllers between them and ``core``, dialogs.

Importing any of it loads neither llama.cpp nor huggingface_hub: ``ui/worker.py`` loads the
local engine on its own thread, ``core/models/hub.py`` loads the hub client on Download.
"""
