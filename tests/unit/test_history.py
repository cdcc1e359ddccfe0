"""Model-text spans follow edits; spots keep their branches; the history file survives damage."""

from __future__ import annotations

import json

from writer_app.core.drafting.history import (
    MAX_BRANCHES,
    MAX_SPOTS,
    Branch,
    DocumentHistory,
    HistoryFile,
    relocate,
    text_hash,
)
from writer_app.core.drafting.provenance import Span, add_span, apply_change, map_removed, revive


class Page:
    """A plain string standing in for the editor's document."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[Span] = []
        self.removed = []

    def read(self, start: int, end: int) -> str:
        return self.text[start:end]

    def accept(self, at: int, words: str) -> None:
        self.edit(at, 0, words)
        self.spans = add_span(self.spans, at, at + len(words), words)

    def edit(self, at: int, removed: int, words: str) -> None:
        self.text = self.text[:at] + words + self.text[at + removed :]
        self.spans, gone = apply_change(self.spans, at, removed, len(words), self.read)
        self.removed = map_removed(self.removed, at, removed, len(words))
        for span in revive(self.removed, at, len(words), self.read):
            self.spans = add_span(self.spans, span.start, span.end, span.text)
        self.removed += gone

    def marked(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.spans]


def test_typing_inside_model_text_splits_it_and_the_typed_words_are_not_marked():
    page = Page("She opened the door.")
    page.accept(20, " The hall was dark.")
    page.edit(29, 0, " long")  # " The hall long was dark."
    assert page.marked() == [" The hall", " was dark."]
    assert all(s.text == page.text[s.start : s.end] for s in page.spans)


def test_typing_at_either_edge_stays_outside_and_earlier_edits_shift_it():
    page = Page("Start. ")
    page.accept(7, "Model words.")
    page.edit(7, 0, "X")
    page.edit(len(page.text), 0, " mine")
    page.edit(0, 0, "Before. ")
    assert page.marked() == ["Model words."]


def test_deleting_shrinks_and_deleting_all_of_it_removes_it():
    page = Page("A ")
    page.accept(2, "quiet night")
    page.edit(2, 6, "")  # "quiet " gone
    assert page.marked() == ["night"]
    page.edit(1, 10, "")
    assert page.spans == [] and page.text == "A"


def test_putting_removed_model_text_back_in_place_marks_it_again():
    page = Page("One. ")
    page.accept(5, "Two three.")
    page.edit(5, 10, "")  # an undo of the accept
    assert page.spans == []
    page.edit(5, 0, "Two three.")  # the redo
    assert page.marked() == ["Two three."]


def test_emoji_count_two_units_when_slicing_removed_text():
    from writer_app.core.drafting.provenance import _slice_units

    assert _slice_units("a😀b", 1, 3) == "😀"
    assert _slice_units("a😀b", 3, 4) == "b"


def test_spans_are_found_again_after_an_outside_edit_and_lost_ones_dropped():
    spans = [Span(10, 22, "model words."), Span(30, 36, "gone!!")]
    text = "A new opening line. Then model words. and more"
    placed = relocate(spans, text)
    assert [(s.start, text[s.start : s.end]) for s in placed] == [(25, "model words.")]


def test_unchanged_text_keeps_spans_as_saved():
    text = "abc model def model"
    history = DocumentHistory(model_text=[Span(14, 19, "model")], text_sha256=text_hash(text))
    assert [(s.start, s.end) for s in history.placed_spans(text)] == [(14, 19)]


def test_spots_are_found_by_the_text_before_the_cursor():
    history = DocumentHistory()
    spot = history.spot_for("the door and", 12)
    first, second = spot.add(Branch(" ran")), spot.add(Branch(" stopped"))
    spot.mark_accepted(second)
    assert history.spots_at("She opened the door and") == [(spot, False)]
    assert history.spots_at("opened the door and stopped") == [(spot, True)]
    assert history.spots_at("something else") == []
    assert not first.accepted and spot.accepted is second


def test_history_is_bounded_and_keeps_accepted_branches():
    history = DocumentHistory()
    for n in range(MAX_SPOTS + 20):
        history.spot_for(f"anchor {n}", n)
    assert len(history.spots) == MAX_SPOTS and history.spots[0].anchor == "anchor 20"
    spot = history.spots[-1]
    keep = spot.add(Branch("kept", accepted=True))
    for n in range(MAX_BRANCHES + 5):
        spot.add(Branch(f"branch {n}"))
    assert len(spot.branches) == MAX_BRANCHES and keep in spot.branches


def test_history_file_round_trips(tmp_path):
    file = HistoryFile(tmp_path / "history.json")
    doc = file.document("ch1")
    doc.spot_for("前文", 2).add(Branch("续写😀", seed=7, accepted=True))
    doc.model_text = [Span(2, 5, "续写😀")]
    file.save()
    again = HistoryFile.load(tmp_path / "history.json").document("ch1")
    assert again.spots[0].branches[0].text == "续写😀" and again.spots[0].branches[0].seed == 7
    assert again.model_text[0].text == "续写😀"


def test_a_damaged_history_file_is_set_aside_not_fatal(tmp_path):
    path = tmp_path / "history.json"
    path.write_bytes(b"{not json")
    file = HistoryFile.load(path)
    assert file.documents == {} and not path.exists()
    assert [p.name.startswith("history.json.damaged-") for p in tmp_path.iterdir()] == [True]
    path.write_text(json.dumps({"documents": {"c": {"spots": [{"anchor": 3}], "model_text": 5}}}))
    assert HistoryFile.load(path).document("c").spots == []
