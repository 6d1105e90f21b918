"""gongkai against a Chroma server (GONGKAI_CHROMA_URL), as an office running several app workers would.

A real `chroma run` server on loopback holds the vectors; SQLite stays local. The seeds are ingested
through it with the real embedding model, then searched and answered through it; the server is
stopped at the end whatever happens.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from ingest.store import Store

CHROMA = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "chroma"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    if not CHROMA.exists():
        pytest.fail(f"the chroma CLI is missing at {CHROMA}: chromadb ships it (pip install chromadb)")
    port = free_port()
    log = (tmp_path / "chroma.log").open("wb")
    server = subprocess.Popen([str(CHROMA), "run", "--path", str(tmp_path / "chroma-server"), "--port", str(port),
                               "--host", "127.0.0.1"], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        end = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < end, (tmp_path / "chroma.log").read_text()[-2000:]
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.mark.slow
@pytest.mark.seeds
def test_seeds_ingested_searched_and_answered_through_a_chroma_server(
    settings: Settings, chroma_url: str, seed_2025: Path, seed_2022: Path
) -> None:
    from qa.answerer import Answerer
    from qa.retrieve import Retriever

    remote = settings.model_copy(update={"chroma_url": chroma_url})
    summary = ingest_paths([str(seed_2025), str(seed_2022)], remote, progress=False)
    assert (summary.added, summary.failed) == (2, ()) and summary.chunks > 0
    assert not remote.chroma_dir.exists()  # the vectors went to the server, not to a local folder

    store = Store(remote)
    import chromadb

    port = int(chroma_url.rsplit(":", 1)[1])
    served = chromadb.HttpClient(host="127.0.0.1", port=port).get_collection(remote.collection)
    assert served.count() == summary.chunks == len(store.chunks())

    hits = Retriever(remote, store).search("公众号发布信息", 3, year=2022)
    assert hits and all(h.chunk.year == 2022 for h in hits) and any(h.dense_rank is not None for h in hits)

    answerer = Answerer(remote, store)
    text = answerer.ask("背孜乡2022年政务公开通过哪些渠道？")
    assert text.answerable and text.citations, text.answer
    number = answerer.ask("背孜乡2025年收到多少政府信息公开申请？")
    assert number.answerable and number.value is not None

    again = ingest_paths([str(seed_2022), str(seed_2025)], remote, progress=False)
    assert (again.unchanged, again.added) == (2, 0) and served.count() == summary.chunks


def test_a_chroma_server_that_is_down_gives_a_chinese_store_error(tmp_path: Path) -> None:
    from ingest.errors import StoreError

    down = Settings(data=tmp_path / "data", chroma_url=f"http://127.0.0.1:{free_port()}")
    sample = Path(__file__).resolve().parents[1] / "samples" / "qingshi_2024.txt"
    with pytest.raises(StoreError, match="GONGKAI_CHROMA_URL") as caught:
        ingest_paths([str(sample)], down, progress=False)
    assert "请先启动" in str(caught.value)
