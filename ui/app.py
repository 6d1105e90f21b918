"""The web app: FastAPI with the REST API, the public Gradio app at / and the staff app at /staff.

/        问答 (chat) and 报告浏览 (reports) — open to everyone.
/staff   承诺跟踪, 数据核查, 导入 — behind the admin password whenever one is set; a server bound
         beyond loopback refuses to start without one (ui/auth.py).
/api     the REST API (ui/api.py); /docs its OpenAPI page.
Nothing is fetched from the internet: local fonts, Gradio analytics off, no share link.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ui.auth import LOGIN_MESSAGE, basic_auth_dependency, gradio_auth, staff_password

if TYPE_CHECKING:
    import gradio as gr
    from fastapi import FastAPI

    from ingest.settings import Settings
    from ui.pages.backend import Backend

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
REPO_ROOT = Path(__file__).resolve().parents[1]
TITLE = "gongkai 公开 · 政府信息公开工作年度报告问答"
FONTS = ["Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "ui-sans-serif", "system-ui", "sans-serif"]


def _theme() -> Any:
    import gradio as gr

    return gr.themes.Default(
        font=[gr.themes.LocalFont("Source Sans Pro"), *FONTS],
        font_mono=["Noto Sans Mono CJK SC", "ui-monospace", "monospace"],
        primary_hue="red",
    )


def public_blocks(backend: Backend) -> gr.Blocks:
    """问答 and 报告浏览, each page built first and wired after."""
    import gradio as gr

    from ui.pages import chat, reports

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.HTML(
            '<div class="gk-header"><h1>政府信息公开工作年度报告问答</h1>'
            '<a href="/staff/" class="gk-staff-link">工作人员页面 →</a></div>'
        )
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                chat_page = chat.build(backend)
            with gr.Tab("报告浏览", id="reports"):
                reports_page = reports.build()
        chat.wire(chat_page, backend, demo)
        reports.wire(reports_page, backend, demo)
    return demo


def staff_blocks(backend: Backend, settings: Settings) -> gr.Blocks:
    """承诺跟踪, 数据核查 and 导入, for staff."""
    import gradio as gr

    from ui.pages import checks, commitments, upload

    with gr.Blocks(title=f"{TITLE} · 工作人员", analytics_enabled=False) as demo:
        gr.HTML(
            '<div class="gk-header"><h1>工作人员页面</h1><a href="/" class="gk-staff-link">← 返回问答</a></div>'
        )
        with gr.Tabs():
            with gr.Tab("承诺跟踪", id="commitments"):
                commit_page = commitments.build()
            with gr.Tab("数据核查", id="checks"):
                checks_page = checks.build()
            with gr.Tab("导入", id="upload"):
                upload_page = upload.build(settings)
        commitments.wire(commit_page, backend, demo)
        checks.wire(checks_page, backend, demo)
        upload.wire(upload_page, backend, settings)
    return demo


def build_app(settings: Settings, *, host: str = "127.0.0.1", backend: Backend | None = None) -> FastAPI:
    """The whole app for `host`; raises PasswordRequired when host is exposed and no password is set."""
    import gradio as gr
    from fastapi_offline import (
        FastAPIOffline,  # /docs with Swagger UI's assets from the package: works offline
    )

    from ui.api import build_router, install_error_handlers
    from ui.pages.backend import LiveBackend

    password = staff_password(settings, host)
    live: Backend = backend if backend is not None else LiveBackend(settings)
    app = FastAPIOffline(
        title="gongkai API",
        description="政府信息公开工作年度报告问答：提问、报告、单元格与核查发现。",
        version="0.1.0",
    )
    install_error_handlers(app)
    app.include_router(build_router(live, basic_auth_dependency(password)))
    common: dict[str, Any] = {
        "theme": _theme(),
        "css_paths": [STATIC / "app.css"],
        "footer_links": [],
        "ssr_mode": False,
        "mcp_server": False,
    }
    app = gr.mount_gradio_app(
        app, staff_blocks(live, settings), path="/staff",
        auth=gradio_auth(password), auth_message=LOGIN_MESSAGE,
        max_file_size=f"{settings.max_upload_mb}mb", **common,
    )
    app = gr.mount_gradio_app(app, public_blocks(live), path="/", max_file_size="1mb", **common)
    return app


def ingest_samples_if_empty(backend: Backend, samples: Path = REPO_ROOT / "samples") -> None:
    """First start: ingest the bundled sample reports so the chat has something to answer from."""
    if backend.reports():
        return
    from ui.render import summary_text

    print(f"存储为空，正在导入示例报告：{samples}")
    summary = backend.ingest([str(samples)], progress=True)
    print(summary_text(summary))


def warm_up(backend: Backend) -> threading.Thread:
    """Load the embedding model, Chroma, the BM25 index and jieba in a background thread, so the first
    prose question does not wait ~25 s for them. Nothing waits for this thread: numeric questions
    read SQLite only, and a prose question asked meanwhile simply loads what it needs itself (the
    loaders are locked, so the work is never done twice)."""

    def work() -> None:
        started = time.perf_counter()
        try:
            store = getattr(backend, "store", None)
            vectors = getattr(store, "vectors", None)
            if vectors is not None:
                vectors.embeddings().embed_query("预热")  # the first encode also initialises torch
                vectors.vectorstore()
            answerer = getattr(backend, "answerer", None)
            retriever = getattr(answerer, "retriever", None)
            if callable(retriever):
                retriever().bm25()
            from ingest.words import cut, search_tokens

            search_tokens("预热")  # jieba's two dictionaries take about a second each to load
            cut("预热")
        except Exception as err:  # the question that needs it will report the same problem clearly
            log.warning("warm-up failed (the first question will load the model itself): %s", err)
            return
        log.info("model and indexes ready in %.1f s", time.perf_counter() - started)

    thread = threading.Thread(target=work, name="gongkai-warm-up", daemon=True)
    thread.start()
    return thread


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, ingest_samples: bool = False) -> None:
    """Build the app, optionally ingest the samples, print the URL, and serve with uvicorn."""
    import uvicorn

    from ui.pages.backend import LiveBackend

    staff_password(settings, host)  # refuse early, before any slow work
    backend = LiveBackend(settings)
    if ingest_samples:
        ingest_samples_if_empty(backend)
    app = build_app(settings, host=host, backend=backend)
    warm_up(backend)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    print(f"gongkai 已启动：http://{shown}:{port}/  （工作人员页面 /staff/，API 文档 /docs）")
    uvicorn.run(app, host=host, port=port, log_level="warning")
