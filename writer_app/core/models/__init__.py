"""Model files: the bounded GGUF header check run before llama.cpp sees a file, the
writer's library with per-model settings, whether a model fits in memory, the curated catalog,
downloads from Hugging Face and the demo model.

The rule: ``hub`` is the only module that imports ``huggingface_hub`` (lazily: starting the
app does not load it); nothing here imports ``llama_cpp``.
"""
