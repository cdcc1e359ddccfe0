"""What the model reads: the story context (memory, author's note, lore), the window of
manuscript before the cursor within the token budget, their assembly into one prompt, and the
report of how the context is spent.

The rule: the prompt's prefix changes as rarely as possible (llama.cpp reuses the longest
cached prefix); tokens come from a tokenizer passed in, so nothing here imports an engine.
"""
