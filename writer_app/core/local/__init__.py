"""The model on this computer, through llama.cpp: the engine, its KV cache and the plan for
reusing it, saved states of recent chapters, settings measured per model and machine, the
recorder of word alternatives, llama.cpp's own log, and the crash-isolated first load.

The rule: the only package that imports ``llama_cpp``; whatever llama.cpp needs (ctypes, the
native sampler chain, its memory and state calls) stays here.
"""
