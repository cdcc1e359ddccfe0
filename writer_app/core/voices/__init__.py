"""My voice: an adapter trained on the writer's own pages, on this computer, offline.

``training.py`` alone imports the training stack (PyTorch, transformers, PEFT), and it runs
in a process of its own (``python -m writer_app.core.voices.training``) or under
``writer-app voice train``; the window never imports it.  Everything else here is plain
Python: what a run is asked to do and what it reports (``job.py``), the voices kept for each
model (``library.py``), the adapter written in llama.cpp's LoRA GGUF layout (``to_gguf.py``),
and whether the training tools are installed and how to add them (``tools.py``).
The voice is put on the model by ``core.local.voice``.
"""
