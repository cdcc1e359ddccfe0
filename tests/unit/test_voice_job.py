"""A voice's training run as files (core.voices.job) and the voices folder (core.voices.library):
the held-out split, events read while they are written, a job read back, the list of voices
with and without their records, names for voice files, and the sentences of a failed run."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from tests.support.tiny_gguf import write_tiny_llama_gguf
from tests.support.tiny_lora import write_lora_gguf
from writer_app.core.voices import job as jobs
from writer_app.core.voices import library


def test_the_held_out_part_is_the_end_cut_at_a_line_break():
    text = "".join(f"Paragraph {n} of the chapter.\n" for n in range(100))
    train, held = jobs.split_holdout(text, 0.1)
    assert train + held == text
    assert held.startswith("Paragraph ") and train.endswith("\n")
    assert 0.08 < len(held) / len(text) < 0.12


def test_a_text_without_line_breaks_is_held_out_whole_or_not_at_all_never_mid_word():
    train, held = jobs.split_holdout("一句没有换行的话" * 10, 0.1)
    assert train + held == "一句没有换行的话" * 10


@given(st.text(alphabet="ab \n我。", max_size=200), st.floats(0.02, 0.5))
def test_the_split_loses_nothing(text, fraction):
    train, held = jobs.split_holdout(text, fraction)
    assert train + held == text


def test_texts_are_joined_with_a_blank_line_and_empty_ones_left_out():
    assert jobs.joined_text(["第一章。\n", "", "  ", "Chapter two."]) == (
        "第一章。\n\nChapter two.\n"
    )


def test_a_job_is_read_back_as_written(tmp_path):
    folder = jobs.RunFolder(tmp_path / "run")
    text = folder.add_text(1, "第一章", "雨下了一夜。\n")
    job = jobs.TrainingJob(model="m.gguf", out="v.gguf", texts=[text], epochs=2.0, minutes=None)
    folder.write_job(job)
    assert folder.read_job() == job
    assert folder.text_path(text).read_text(encoding="utf-8") == "雨下了一夜。\n"


def test_a_voice_adapts_the_attention_and_a_run_begun_before_that_resumes_as_it_began(tmp_path):
    job = jobs.TrainingJob(model="m.gguf", out="v.gguf", texts=[])
    assert job.modules == ["q_proj", "k_proj", "v_proj", "o_proj"]
    older = job.to_json()
    del older["modules"]  # job.json of a run begun when every voice adapted all seven
    assert jobs.TrainingJob.from_json(older).modules == list(jobs.ALL_MODULES)


def test_a_damaged_job_is_none_not_an_exception(tmp_path):
    folder = jobs.RunFolder(tmp_path)
    folder.job_path.write_text('{"model": 3, "texts": [{"oops": 1}]}')
    assert folder.read_job() is None
    folder.job_path.write_bytes(b"\xff\xfe not json")
    assert folder.read_job() is None


def test_events_are_read_as_they_are_appended_and_half_a_line_waits(tmp_path):
    folder = jobs.RunFolder(tmp_path)
    reader = jobs.EventReader(folder.events_path)
    assert list(reader.read_new()) == []
    folder.emit(jobs.READY, train_tokens=10)
    with folder.events_path.open("a") as stream:
        stream.write('{"event": "step", "st')  # the trainer is still writing this line
    kinds = [e.kind for e in reader.read_new()]
    assert kinds == [jobs.READY]
    with folder.events_path.open("a") as stream:
        stream.write('ep": 1, "loss": 2.5}\nnot json\n')
    events = list(reader.read_new())
    assert [(e.kind, e.get("loss")) for e in events] == [(jobs.STEP, 2.5)]


def test_a_stop_is_asked_for_by_a_file(tmp_path):
    folder = jobs.RunFolder(tmp_path)
    assert not folder.stop_requested()
    folder.request_stop()
    assert folder.stop_requested()
    folder.clear_stop()
    assert not folder.stop_requested()


def test_voice_file_names_keep_chinese_and_drop_what_no_file_system_takes():
    assert jobs.voice_file_stem("我的声音") == "我的声音"
    assert jobs.voice_file_stem('a/b:c*"d"') == "a-b-c-d"
    assert jobs.voice_file_stem("  ..  ") == "voice"


def test_voices_are_listed_for_their_model_with_their_records(tmp_path):
    base = tmp_path.parent / f"{tmp_path.name}-tiny.gguf"
    write_tiny_llama_gguf(base)
    ours = tmp_path / "ours.gguf"
    write_lora_gguf(ours, base, metadata={library.VOICE_BASE_KEY: "a" * 64})
    library.VoiceRecord(
        path=ours,
        name="我的声音",
        base_sha256="a" * 64,
        perplexity_before=30.0,
        perplexity_after=24.0,
        created="2026-12-03T10:00:00+00:00",
    ).save()
    other = tmp_path / "other.gguf"  # no record: its GGUF says the model
    write_lora_gguf(other, base, metadata={library.VOICE_BASE_KEY: "b" * 64})
    unknown = tmp_path / "unknown.gguf"  # says nothing: listed for every model
    write_lora_gguf(unknown, base)
    (tmp_path / "damaged.json").write_text("{not json")
    write_lora_gguf(tmp_path / "damaged.gguf", base, metadata={library.VOICE_BASE_KEY: "a" * 64})

    mine = library.list_voices("a" * 64, folder=tmp_path)
    assert mine[0].name == "我的声音"  # the newest first; the others have no date
    assert {r.name for r in mine[1:]} == {"damaged", "unknown"}
    assert mine[0].ratio == 0.8
    assert {r.name for r in library.list_voices("b" * 64, folder=tmp_path)} == {"other", "unknown"}
    assert len(library.list_voices(folder=tmp_path)) == 4
    assert (tmp_path / "damaged.json").read_text() == "{not json"  # left as it was


def test_a_record_says_what_the_voice_learned_from(tmp_path):
    record = library.VoiceRecord(
        path=tmp_path / "v.gguf",
        name="v",
        base_sha256="c" * 64,
        base_file="m.gguf",
        texts=[library.text_entry("第一章", "雨。")],
        holdout=0.1,
    )
    record.save()
    saved = json.loads(record.record_path.read_text(encoding="utf-8"))
    assert saved["base_model"] == {"file": "m.gguf", "sha256": "c" * 64}
    assert saved["texts"][0]["name"] == "第一章" and saved["texts"][0]["bytes"] == 6
    assert len(saved["texts"][0]["sha256"]) == 64


def test_a_free_name_skips_voices_and_runs_in_progress(tmp_path):
    (tmp_path / "v.gguf").write_bytes(b"")
    (tmp_path / library.TRAINING_DIR / "v-2").mkdir(parents=True)
    assert library.free_adapter_path("v", folder=tmp_path).name == "v-3.gguf"


def test_every_failure_has_a_sentence():
    for reason in (
        library.FAILURE_NO_TEXT,
        library.FAILURE_TOO_LITTLE,
        library.FAILURE_MODEL,
        library.FAILURE_TOOLS,
        library.FAILURE_DISK,
        library.FAILURE_CHECKPOINT,
        "unheard of",
    ):
        said = str(library.failure_sentence(reason, "the detail"))
        assert said.endswith(".") or "the detail" in said


def test_a_run_ends_once_the_held_out_pages_stop_improving():
    from writer_app.core.voices.training import PATIENCE, _past_its_best

    falling = [[step, 3.0 - step / 10] for step in range(1, 8)]
    assert not _past_its_best(falling)
    best_then_worse = [[1, 3.0], [2, 2.5], *[[3 + i, 2.6 + i / 10] for i in range(PATIENCE)]]
    assert _past_its_best(best_then_worse)
    assert not _past_its_best(best_then_worse[:-1])  # one measurement short of the patience
    recovered = [*best_then_worse[:-1], [9, 2.4]]
    assert not _past_its_best(recovered)


def test_the_speed_guess_falls_with_the_model_and_gives_way_to_a_measured_one():
    small = jobs.tokens_per_second(2, 135_000_000)
    large = jobs.tokens_per_second(2, 270_000_000)
    assert large < small and jobs.tokens_per_second(4, 135_000_000) > small
    assert jobs.tokens_per_second(2, None) > 0
    assert jobs.tokens_per_second(2, 135_000_000, measured=42.0) == 42.0


def test_the_voices_size_follows_the_models_shape_and_the_adapted_projections():
    header = {
        "llama.embedding_length": 576,
        "llama.block_count": 30,
        "llama.attention.head_count": 9,
        "llama.attention.head_count_kv": 3,
        "llama.feed_forward_length": 1536,
    }
    attention = jobs.adapter_bytes(header, jobs.ATTENTION_MODULES)
    assert 0 < attention < jobs.adapter_bytes(header, jobs.ALL_MODULES)
    assert jobs.adapter_bytes(header, jobs.ATTENTION_MODULES, rank=32) == 2 * attention
    assert jobs.adapter_bytes({}, jobs.ALL_MODULES) == 0  # a header that says nothing
