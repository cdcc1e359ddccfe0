"""A writer's day, scripted: a chapter written forward on the real engine the way a novelist
does, counting for every request the tokens the model read against the tokens that were
genuinely new.  Used by tests/integration/test_writers_day.py (token counts) and by
bench/bench_writers_day.py (the same session, timed, against raw llama-cpp-python).

What the writer does, from a seeded script: types a sentence or two at the end and asks;
accepts the suggestion (its tokens stay in the cache), dismisses it, cycles alternatives,
picks another word from the word choices, fixes a word a paragraph up; switches to another
chapter and back; quits and starts again (the saved state comes back).  The window moves
many times along the way.

"Genuinely new" is judged from the text alone, independently of the cache: the text the
model saw last time in this chapter (its prompt text, plus the suggestion while that is
still in the cache) against the text it is given now, from where the new window starts.
What differs from the first changed character on is new; so is everything on a cold start.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.suggestion import Suggestion
from writer_app.core.local.engine import LlamaCppEngine
from writer_app.core.prompt.assembly import assemble
from writer_app.core.prompt.story import StoryContext
from writer_app.core.prompt.window import Prompt

MEMORY = {
    "en": "A slow, eerie mystery on a northern island, told by the lighthouse keeper's "
    "daughter in the first person and the past tense.",
    "zh": "北方海岛上的一桩悬案，由灯塔看守人的女儿以第一人称讲述，节奏舒缓，气氛阴郁。",
}
_EN_START = ("The", "Her", "One", "Each", "His", "That", "Every", "Our")
_EN_WORDS = (
    "rain lamp harbour letter mother window silence bread candle river stair ship door "
    "night morning stone coat bell road sister garden"
).split()
_ZH_WHO = ("她", "父亲", "姐姐", "老人", "渔夫", "那个孩子", "灯塔看守人", "我们")
_ZH_DID = ("望着", "推开", "想起", "听见", "走向", "藏起", "数着", "擦亮")
_ZH_WHAT = ("海面", "木门", "旧信", "灯火", "石阶", "雨声", "钟楼", "渔船", "窗台", "小路")
_ZH_HOW = ("很久没有说话", "天色渐渐暗了", "风从北边吹来", "远处传来钟声", "潮水慢慢退去")


def sentence(rng: random.Random, language: str) -> str:
    if language == "zh":
        return (
            f"{rng.choice(_ZH_WHO)}{rng.choice(_ZH_DID)}{rng.choice(_ZH_WHAT)}，"
            f"{rng.choice(_ZH_HOW)}。"
        )
    return (
        f"{rng.choice(_EN_START)} {rng.choice(_EN_WORDS)} was "
        f"{rng.choice(('cold', 'near', 'quiet', 'late', 'gone'))} and the "
        f"{rng.choice(_EN_WORDS)} waited by the {rng.choice(_EN_WORDS)}."
    )


def paragraph(rng: random.Random, language: str) -> str:
    joiner = "" if language == "zh" else " "
    return joiner.join(sentence(rng, language) for _ in range(rng.randint(3, 5)))


def chapter(rng: random.Random, language: str, n_tokens: int, tokenize) -> str:
    """Paragraphs of prose until the text is at least ``n_tokens`` long."""
    paragraphs = [paragraph(rng, language)]
    while len(tokenize("\n\n".join(paragraphs))) < n_tokens:
        paragraphs.extend(paragraph(rng, language) for _ in range(4))
    return "\n\n".join(paragraphs)


@dataclass
class Request:
    """One Ctrl+Return (or one alternative) and what it cost."""

    what: str
    chapter: str
    prompt_tokens: int
    read: int  # tokens the model read for it
    new: int  # tokens genuinely new since the model last saw this chapter
    reasons: list[str] = field(default_factory=list)  # what the cache logged meanwhile
    wait_s: float = 0.0  # Ctrl+Return to the first token
    pause_read: int = 0  # tokens read ahead in the pause before it
    shifted: int = 0  # cached tokens moved because the window slid


@dataclass
class _Seen:
    """What the model last saw of a chapter: the text before the cursor, where the window
    started in it, and the suggestion that followed while it is still in the cache."""

    text: str
    start: int
    ghost: str = ""


class _CacheLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


class WritersDay:
    """The scripted session.  ``load`` makes an engine (again after a restart) that keeps
    saved states; ``read_ahead`` reads each prompt in the pause before its request."""

    def __init__(
        self,
        load: Callable[[], LlamaCppEngine],
        language: str,
        *,
        seed: int = 1,
        chapter_tokens: int = 1500,
        max_tokens: int = 8,
        read_ahead: bool = False,
        on_request: Callable[[Request, Prompt], None] | None = None,
    ) -> None:
        self._load = load
        self.language = language
        self.engine = load()
        self.rng = random.Random(seed)
        self.story = StoryContext(memory=MEMORY[language])
        self.max_tokens = max_tokens
        self.read_ahead = read_ahead
        self.on_request = on_request
        tokenize = self.engine.tokenize
        self.texts = {
            "one": chapter(self.rng, language, chapter_tokens, tokenize),
            "two": chapter(self.rng, language, chapter_tokens // 2, tokenize),
        }
        self.current = "one"
        self.seen: dict[str, _Seen] = {}
        self.requests: list[Request] = []
        self._seed = seed * 1000

    # -- what the writer does ----------------------------------------------------------------

    def run(self, steps: int) -> list[Request]:
        """``steps`` rounds of typing and asking, with a chapter switch and a restart."""
        for step in range(steps):
            if step == steps // 3:
                self.switch_chapter("two")
                self.type_sentences(2)
                self.ask("other chapter")
                self.switch_chapter("one")
            if step == (2 * steps) // 3:
                self.restart()
            self.act(step)
        return self.requests

    def act(self, step: int) -> None:
        roll = self.rng.random()
        if step % 7 == 6:
            self.fix_word_a_paragraph_up()
            self.ask("after a fix")
            return
        self.type_sentences(self.rng.randint(1, 2))
        suggestion = self.ask("ask")
        if roll < 0.4:
            self.accept(suggestion.text)
        elif roll < 0.55:
            for _ in range(2):  # Alt+]: the next alternatives, on the same prompt
                suggestion = self.ask("alternative", keep_seen=True)
            self.accept(suggestion.text)
        elif roll < 0.7 and suggestion.text.strip():
            self.choose_word(suggestion.text)
        # else: dismissed (Esc), the writer types on

    def type_sentences(self, count: int) -> None:
        joiner = "" if self.language == "zh" else " "
        text = self.texts[self.current]
        added = joiner.join(sentence(self.rng, self.language) for _ in range(count))
        if self.rng.random() < 0.3:
            added = "\n\n" + added
        elif text and not text.endswith((" ", "\n")) and self.language != "zh":
            added = " " + added
        self.texts[self.current] = text + added

    def accept(self, ghost: str) -> None:
        """Tab: the suggestion becomes text (its tokens are already in the cache)."""
        self.texts[self.current] += ghost

    def choose_word(self, ghost: str) -> None:
        """A click on the ghost's second word and another word chosen: the ghost is kept up
        to there, and a new suggestion goes on from the chosen word."""
        words = ghost.split(" ") if self.language != "zh" else list(ghost)
        keep = words[0] if self.language == "zh" else " ".join(words[:2])
        chosen = self.rng.choice(_ZH_WHAT if self.language == "zh" else _EN_WORDS)
        joiner = "" if self.language == "zh" else " "
        self.texts[self.current] += keep + joiner + chosen
        self.accept(self.ask("word choice").text)

    def fix_word_a_paragraph_up(self) -> None:
        """A noun a paragraph or so above the cursor (about a hundred tokens up) is replaced
        by another."""
        text = self.texts[self.current]
        up = len(text) - (120 if self.language == "zh" else 500)
        nouns = _ZH_WHAT if self.language == "zh" else tuple(f" {w} " for w in _EN_WORDS)
        where, noun = max((text.rfind(noun, 0, up), noun) for noun in nouns)
        if where < 0:
            return
        other = self.rng.choice([n for n in nouns if n != noun])
        self.texts[self.current] = text[:where] + other + text[where + len(noun) :]

    def switch_chapter(self, name: str) -> None:
        self._forget_ghost()  # leaving a chapter saves its state without the suggestion
        self.current = name

    def restart(self) -> None:
        """Quit (the state is saved) and start again."""
        self.engine.close()
        self.engine = self._load()
        self._forget_ghost()

    def close(self) -> None:
        self.engine.close()

    def _forget_ghost(self) -> None:
        for seen in self.seen.values():
            seen.ghost = ""

    # -- asking and counting -----------------------------------------------------------------

    def prompt(self) -> Prompt:
        engine = self.engine
        return assemble(self.story, self.texts[self.current], engine.tokenize,
                        n_ctx=engine.n_ctx, max_tokens=self.max_tokens,
                        bos=engine.bos())  # fmt: skip

    def ask(self, what: str, *, keep_seen: bool = False) -> Suggestion:
        prompt = self.prompt()
        new = self.genuinely_new(prompt)
        self._seed += 1
        settings = SamplingSettings(temperature=0.8, max_tokens=self.max_tokens, seed=self._seed)
        with self._cache_log() as lines:
            pause_read = 0
            if self.read_ahead:
                pause_read = self.engine.read_ahead(prompt.tokens).read_tokens
            suggestion = self.engine.suggest(prompt, settings)
        stats = suggestion.stats
        request = Request(what, self.current, prompt.n_tokens, stats.evaluated_tokens, new,
                          lines, stats.prompt_seconds, pause_read,
                          stats.shifted_tokens)  # fmt: skip
        self.requests.append(request)
        if self.on_request is not None:
            self.on_request(request, prompt)
        if not keep_seen or self.current not in self.seen:
            self.seen[self.current] = _Seen(self.texts[self.current], prompt.start_offset)
        self.seen[self.current].ghost = suggestion.text
        return suggestion

    def genuinely_new(self, prompt: Prompt) -> int:
        """Tokens of ``prompt`` the model cannot have seen: from the first character that
        differs from what it saw last in this chapter (within the window), to the end."""
        seen = self.seen.get(self.current)
        if seen is None or prompt.start_offset < seen.start:
            return prompt.n_tokens
        text = self.texts[self.current]
        before = seen.text + seen.ghost
        start = prompt.start_offset
        same = start
        while same < len(text) and same < len(before) and text[same] == before[same]:
            same += 1
        return len(self.engine.tokenize(text[same:])) + 1  # the last token is read again

    @contextmanager
    def _cache_log(self) -> Iterator[list[str]]:
        handler = _CacheLog()
        logger = logging.getLogger("writer_app.core.local.cache")
        level = logger.level
        logger.setLevel(logging.INFO)
        logger.addHandler(handler)
        try:
            yield handler.lines
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)


def totals(requests: list[Request]) -> tuple[int, int]:
    """Tokens read and tokens genuinely new, over the session."""
    return sum(r.read for r in requests), sum(r.new for r in requests)
