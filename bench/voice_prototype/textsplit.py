"""Train/held-out split shared by train.py (torch venv) and eval_llamacpp.py (app venv)."""


def split_text(text: str, frac: float = 0.9):
    """First `frac` of the characters for training, the rest held out.
    The cut is moved forward to the next line break so no sentence is split."""
    cut = int(len(text) * frac)
    nl = text.find("\n", cut)
    if nl != -1:
        cut = nl + 1
    return text[:cut], text[cut:]
