"""Who may open the staff pages (承诺跟踪, 数据核查, 导入) and the staff parts of the REST API.

The rule: the chat and `POST /api/ask` are always open. When an admin password is set
(GONGKAI_ADMIN_PASSWORD) the staff pages ask for it (user name ``admin``) and the findings API
wants HTTP Basic with it. Binding to anything but loopback without a password is refused, so a
server reachable from other machines never has open staff pages.
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Callable

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from ingest.errors import GongkaiError
from ingest.settings import Settings

ADMIN_USER = "admin"
LOGIN_MESSAGE = "工作人员页面：用户名 admin，密码为 GONGKAI_ADMIN_PASSWORD 的值。"


class PasswordRequired(GongkaiError):
    """Serving beyond loopback without an admin password."""


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'; anything else (0.0.0.0, a LAN address) is exposed."""
    if host.strip().lower() in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: assume it is reachable from elsewhere


def staff_password(settings: Settings, host: str) -> str | None:
    """The password staff pages need, or None when they may stay open (loopback, none set).

    Raises PasswordRequired when the server would be reachable from other machines without one.
    """
    password = settings.admin_password or None
    if password is None and not is_loopback(host):
        raise PasswordRequired(
            f"在 {host} 上提供服务需要先设置工作人员密码：export GONGKAI_ADMIN_PASSWORD=…（或只绑定 127.0.0.1）。"
            " (Serving beyond loopback requires GONGKAI_ADMIN_PASSWORD.)"
        )
    return password


def check_credentials(password: str, user: str, given: str) -> bool:
    """Constant-time comparison of both the user name and the password."""
    ok_user = secrets.compare_digest(user.encode(), ADMIN_USER.encode())
    ok_pass = secrets.compare_digest(given.encode(), password.encode())
    return ok_user and ok_pass


def gradio_auth(password: str | None) -> Callable[[str, str], bool] | None:
    """The `auth` callable for gradio.mount_gradio_app, or None for open pages."""
    if password is None:
        return None

    def _auth(user: str, given: str) -> bool:
        return check_credentials(password, user, given)

    return _auth


def basic_auth_dependency(password: str | None) -> Callable[..., None]:
    """A FastAPI dependency that demands HTTP Basic admin credentials when a password is set."""
    security = HTTPBasic(auto_error=False, realm="gongkai staff")

    def _check(credentials: HTTPBasicCredentials | None = Depends(security)) -> None:  # noqa: B008
        if password is None:
            return
        if credentials is None or not check_credentials(password, credentials.username, credentials.password):
            raise HTTPException(
                status_code=status.HTTP_401_UNAUTHORIZED,
                detail="需要工作人员密码（HTTP Basic，用户名 admin）。(Staff credentials required.)",
                headers={"WWW-Authenticate": 'Basic realm="gongkai staff"'},
            )

    return _check
