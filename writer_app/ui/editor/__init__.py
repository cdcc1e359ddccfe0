"""The page: ``DraftEditor`` with the suggestion as grey ghost text, the tint that marks what
the model wrote, and the menu of word alternatives inside a ghost.

The rule: widgets of the page only; they hold no files and no requests (the controllers do).
"""
