"""The panels docked beside the page: the sampling sliders, the Story panel and its budget
bar, a novel's chapter list, the branches of a spot.

The rule: a panel never talks to the worker or to another panel; it says what changed by
signals and the window's controllers act on it.  (The chapter panel edits the novel's order
and titles through ``core.manuscript.project``, which keeps the files safe.)
"""
