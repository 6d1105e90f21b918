"""The fast embedding path: the sentence-transformers model exported to int8 ONNX (setting embedding_backend=onnx).

Why: on the 2-core CPUs gongkai runs on, dynamic int8 quantisation with onnxruntime embeds about
2.5× faster than torch fp32 while staying within cosine ~0.997 of it, and once the export is
cached a process needs neither torch nor sentence-transformers (a faster start, less memory).

The export wraps the whole sentence-transformers pipeline (transformer + its pooling + Normalize),
so any model works, not only the bundled e5. It uses torch.onnx's TorchScript exporter (optimum
conflicts with transformers 5; the dynamo exporter needs onnxscript), then
`onnxruntime.quantization.quantize_dynamic`. The result is cached beside the model, built
atomically under a lock like the model itself.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import warnings
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

from ingest.embedding import BUNDLED_NAME, ModelError, build_atomically, load_by_path, model_path
from ingest.settings import BUNDLED_MODEL, Settings

if TYPE_CHECKING:
    import numpy as np

EXPORT_VERSION = 2  # 2: reduce_range (7-bit weights), so AVX2 CPUs without VNNI agree too; older caches rebuild
ONNX_CONFIG = "onnx_config.json"
_OPSET = 17


def onnx_dir(settings: Settings) -> Path:
    """Where the int8 export of the configured model is cached: beside the model, in the model cache."""
    if settings.embedding_model == BUNDLED_MODEL:
        name = BUNDLED_NAME
    else:
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", settings.embedding_model.strip("/~.")) or "model"
    return settings.model_cache / f"{name}-onnx-int8"


def ensure_onnx_model(settings: Settings) -> Path:
    """The cached int8 ONNX folder for `settings`, exporting it on first use (about a minute)."""
    target = onnx_dir(settings)
    source = model_path(settings)
    if _export_matches(target, source):
        return target
    return build_atomically(target, lambda tmp: _export(tmp, source), is_built=lambda d: _export_matches(d, source))


def _export_matches(folder: Path, source: str) -> bool:
    try:
        config = json.loads((folder / ONNX_CONFIG).read_text())
    except (OSError, ValueError):
        return False
    return config.get("export") == EXPORT_VERSION and config.get("source") == source


def _export(folder: Path, source: str) -> None:
    """Export `source` to ``model.onnx`` (int8) + ``tokenizer.json`` + ``onnx_config.json`` in `folder`."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    st = load_by_path(source, "cpu")
    tokenizer = st.tokenizer
    tokenizer.backend_tokenizer.save(str(folder / "tokenizer.json"))

    class Encoder(torch.nn.Module):
        """input_ids + attention_mask → the model's sentence embedding (pooling and all)."""

        def __init__(self) -> None:
            super().__init__()
            self.st = st

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            features = {"input_ids": input_ids, "attention_mask": attention_mask}
            return self.st(features)["sentence_embedding"]

    sample = tokenizer(["passage: 示例文本", "query: 一个更长一些的示例问题，用来导出模型？"],
                       padding=True, return_tensors="pt")  # fmt: skip
    fp32 = folder / "model-fp32.onnx"
    axes = {0: "batch", 1: "tokens"}
    with torch.inference_mode(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on shape checks that are constant for these inputs
        torch.onnx.export(
            Encoder().eval(),
            (sample["input_ids"], sample["attention_mask"]),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "embedding": {0: "batch"}},
            opset_version=_OPSET,
            dynamo=False,
        )
    # Per-channel weight scales: cosine to fp32 0.997 (per-tensor: 0.990, worst text 0.984), ~25 % slower.
    # reduce_range keeps weights to 7 bits: on AVX2 CPUs without VNNI onnxruntime's u8×s8 kernel
    # (vpmaddubsw) adds two products into a saturating int16, which 255·127·2 overflows and 255·63·2
    # does not. Without it an AVX2-only EPYC fell to cosine 0.98997 while AVX-512 VNNI gave 0.9938+;
    # with it both CPU kinds compute the same integers (BENCHMARKS.md, "ONNX int8 on every CPU").
    quantize_dynamic(str(fp32), str(folder / "model.onnx"), weight_type=QuantType.QInt8,
                     per_channel=True, reduce_range=True)
    fp32.unlink()
    config = {
        "export": EXPORT_VERSION,
        "source": source,
        "max_length": st.max_seq_length or 512,
        "pad_id": tokenizer.pad_token_id or 0,  # padded positions are masked out, any id works
        "pad_token": tokenizer.pad_token or "[PAD]",
        "built": time.strftime("%Y-%m-%d"),
    }
    (folder / ONNX_CONFIG).write_text(json.dumps(config, ensure_ascii=False, indent=2) + "\n")


class OnnxEmbeddings(Embeddings):
    """langchain `Embeddings` over an int8 ONNX export: same prompts, pooling and normalisation as torch."""

    def __init__(self, folder: Path, query_prompt: str, passage_prompt: str, batch_size: int = 32) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        config = json.loads((folder / ONNX_CONFIG).read_text())
        self.query_prompt, self.passage_prompt, self.batch_size = query_prompt, passage_prompt, batch_size
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(config["max_length"])
        self._tokenizer.enable_padding(pad_id=config["pad_id"], pad_token=config["pad_token"])
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = _cores()
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: list[str], prompt: str = "") -> np.ndarray:
        """L2-normalised embeddings of `texts` (prefixed with `prompt`), one row each."""
        import numpy as np

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad less
        rows: list[np.ndarray] = []
        for start in range(0, len(order), self.batch_size):
            batch = [prompt + texts[i] for i in order[start : start + self.batch_size]]
            encodings = self._tokenizer.encode_batch(batch)
            feed = {
                "input_ids": np.array([e.ids for e in encodings], np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], np.int64),
            }
            rows.append(self._session.run(None, feed)[0])
        if not rows:
            return np.zeros((0, 0), np.float32)
        stacked = np.concatenate(rows)
        out = np.empty_like(stacked)
        out[order] = stacked
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(list(texts), self.passage_prompt).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text], self.query_prompt)[0].tolist()  # type: ignore[no-any-return]


def _cores() -> int:
    """CPU cores this process may use (2 on the reference machine)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def get_onnx_embeddings(settings: Settings) -> Embeddings:
    """The ONNX `Embeddings` for `settings`, exporting the model on first use; one session per process."""
    return _session_embeddings(ensure_onnx_model(settings), settings.query_prompt, settings.passage_prompt)


@lru_cache(maxsize=4)
def _session_embeddings(folder: Path, query_prompt: str, passage_prompt: str) -> OnnxEmbeddings:
    try:
        return OnnxEmbeddings(folder, query_prompt, passage_prompt)
    except (OSError, ValueError, KeyError) as err:
        shutil.rmtree(folder, ignore_errors=True)  # a broken export is rebuilt on the next call
        raise ModelError(
            f"ONNX 嵌入模型 {folder} 无法加载，已删除，请重试。 (broken ONNX export removed; retry: {err})"
        ) from err


__all__ = ["OnnxEmbeddings", "ensure_onnx_model", "get_onnx_embeddings", "onnx_dir"]
