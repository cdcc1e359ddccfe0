"""Everything that is not a widget: sampling, prompts, the engine, files. Never imports Qt."""
