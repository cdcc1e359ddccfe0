"""Controllers between the widgets and ``core``: drafting (requests, streaming, alternatives),
model loading, manuscripts on disk, suggestion history, story context, where drafting runs,
reading ahead.

The rule: a controller owns one job's state and connects widgets to the worker or to
``core``; it builds no menus (``ui/actions.py`` does) and lays out no windows.
"""
