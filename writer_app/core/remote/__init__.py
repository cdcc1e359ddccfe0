"""Drafting engines on a server: any OpenAI-compatible completions endpoint.  HTTP with
bounded waits and an instant cancel, the server-sent-events stream, token counting, the
writer's stored servers and their consent, API keys in the system keyring.

The rule: nothing here imports ``core.local``: a server engine never needs llama.cpp.
"""
