"""The REST API and the password rule, through FastAPI's TestClient on the fictional reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from ui_fakes import FakeBackend

from ingest.settings import Settings
from ui.app import build_app
from ui.auth import PasswordRequired, is_loopback


@pytest.fixture(scope="module")
def backend() -> FakeBackend:
    return FakeBackend()


@pytest.fixture(scope="module")
def client(backend: FakeBackend, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    app = build_app(Settings(data=tmp_path_factory.mktemp("data")), backend=backend)
    return TestClient(app)


@pytest.fixture(scope="module")
def guarded(backend: FakeBackend, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    settings = Settings(data=tmp_path_factory.mktemp("data"), admin_password="s3cret-pw")
    return TestClient(build_app(settings, host="0.0.0.0", backend=backend))


def test_ask_returns_answer_with_citations_and_passes_context(client: TestClient, backend: FakeBackend) -> None:
    body = {
        "question": "收到多少申请？",
        "agency": "示例镇",
        "year": 2024,
        "history": [{"question": "示例镇发布了多少信息？"}],
    }
    r = client.post("/api/ask", json=body)
    assert r.status_code == 200
    data = r.json()
    assert data["value"] == 12 and data["answerable"] is True
    assert data["citations"][0]["table"] == "B" and data["citations"][0]["line"] == 40
    question, history, context = backend.asked[-1]
    assert context == {"agency": "示例镇", "year": 2024}
    assert [t.question for t in history] == ["示例镇发布了多少信息？"]


@pytest.mark.parametrize("question", ["", "   ", "问" * 10_000])
def test_bad_question_is_4xx_with_readable_message(client: TestClient, question: str) -> None:
    r = client.post("/api/ask", json={"question": question})
    assert r.status_code == 422
    assert "问题" in r.json()["detail"]


def test_missing_question_field_or_bad_history_is_422(client: TestClient) -> None:
    assert client.post("/api/ask", json={"q": "x"}).status_code == 422
    bad = {"question": "那2023年呢？", "history": [{"question": "x", "answer": {"answer": 1}}]}
    assert client.post("/api/ask", json=bad).status_code == 422


def test_history_with_previous_answer_round_trips(client: TestClient, backend: FakeBackend) -> None:
    first = client.post("/api/ask", json={"question": "收到多少申请？"}).json()
    r = client.post("/api/ask", json={"question": "那2023年呢？", "history": [{"question": "收到多少申请？", "answer": first}]})
    assert r.status_code == 200
    assert backend.asked[-1][1][0].answer.value == 12


def test_reports_list_filter_and_one(client: TestClient) -> None:
    rows = client.get("/api/reports").json()
    assert {r["year"] for r in rows} == {2023, 2024}
    assert [r["id"] for r in client.get("/api/reports", params={"year": 2023}).json()] == ["r2023"]
    one = client.get("/api/reports/r2024").json()
    assert one["meta"]["year"] == 2024 and any(c["row"] == "new" for c in one["cells"])


def test_unknown_report_is_404_with_message(client: TestClient) -> None:
    r = client.get("/api/reports/nope")
    assert r.status_code == 404 and "nope" in r.json()["detail"]


def test_findings_filters(client: TestClient) -> None:
    assert len(client.get("/api/findings").json()) == 2
    found = client.get("/api/findings", params={"year": 2024, "rule": "B.balance"}).json()
    assert len(found) == 1 and found[0]["report_id"] == "r2024" and found[0]["severity"] == "error"
    assert client.get("/api/findings", params={"rule": "C.total"}).json() == []


def test_openapi_docs_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    assert "/api/ask" in client.get("/openapi.json").json()["paths"]


def test_loopback_detection() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")


def test_refuses_exposed_host_without_password(tmp_path: Path, backend: FakeBackend) -> None:
    with pytest.raises(PasswordRequired, match="GONGKAI_ADMIN_PASSWORD"):
        build_app(Settings(data=tmp_path), host="0.0.0.0", backend=backend)


def test_serve_refuses_before_starting(tmp_path: Path) -> None:
    from ui.app import serve

    with pytest.raises(PasswordRequired):
        serve(Settings(data=tmp_path), host="0.0.0.0", port=1)


def test_open_on_loopback_without_password(client: TestClient) -> None:
    assert client.get("/staff/config").status_code == 200
    assert client.get("/api/findings").status_code == 200


def test_staff_pages_need_password_but_chat_and_ask_stay_open(guarded: TestClient) -> None:
    assert guarded.get("/config").status_code == 200  # the public chat app
    assert guarded.post("/api/ask", json={"question": "收到多少申请？"}).status_code == 200
    assert guarded.get("/api/reports").status_code == 200
    assert guarded.get("/staff/config").status_code == 401
    assert guarded.post("/staff/gradio_api/queue/join", json={}).status_code == 401
    assert guarded.post("/staff/gradio_api/upload").status_code == 401
    assert guarded.get("/api/findings").status_code == 401
    assert guarded.get("/api/findings", auth=("admin", "wrong")).status_code == 401
    assert guarded.get("/api/findings", auth=("admin", "s3cret-pw")).status_code == 200


def test_staff_login_with_password(guarded: TestClient) -> None:
    bad = guarded.post("/staff/login", data={"username": "admin", "password": "wrong"})
    assert bad.status_code >= 400
    ok = guarded.post("/staff/login", data={"username": "admin", "password": "s3cret-pw"})
    assert ok.status_code == 200
    assert guarded.get("/staff/config").status_code == 200


def test_docs_page_serves_swagger_assets_locally(client: TestClient) -> None:
    """/docs must render offline: every script and stylesheet it loads is served by the app itself."""
    import re

    html = client.get("/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert all(a.startswith("/") for a in assets), assets  # no CDN
    assert all(client.get(a).status_code == 200 for a in assets)


def test_empty_question_message_names_a_stored_report(client: TestClient) -> None:
    detail = client.post("/api/ask", json={"question": "  "}).json()["detail"]
    assert "示例镇2024年" in detail and "背孜乡" not in detail
