"""Qt widgets. Never imports llama_cpp or huggingface_hub; ui/worker.py is the one bridge."""
