"""The FastAPI application; thin: request, index, response model."""

from __future__ import annotations

import logging
import sys
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from api import web, web_edit
from api.bootstrap import ensure_admin
from api.routes import auth, contacts, documents, health, review, search, tasks
from api.throttle import LoginThrottle
from directives import __version__
from directives.errors import (
    DirectivesError,
    InvalidCorrectionError,
    InvalidStatusError,
    NotFoundError,
    TaskConflictError,
    TaskNotFoundError,
)
from directives.settings import Settings
from flows.reindex import sync
from index.base import Index
from index.factory import open_search
from store.accounts import AccountError, AccountStore
from store.open import migrate_store, open_store
from store.store import Store


def _catch_up(store: Store, index: Index) -> None:
    """Bring the search index in line with the store (a deleted or new index is built
    again here), then load what makes the first searches fast."""
    log = logging.getLogger(__name__)
    try:
        changed = sync(store, index)
        if changed:
            log.warning("search index brought in line with the store: %d documents", changed)
    except Exception:  # search lags until `directives reindex`; the store is intact
        log.error("search index catch-up failed", exc_info=True)
    try:
        index.warm()
    except Exception:  # a failed warm-up only leaves the first searches slower
        log.warning("search warm-up failed", exc_info=True)


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.settings = settings
        # the server applies pending migrations once, at its start, and says so
        migrate_store(settings, lambda line: print(line, file=sys.stderr))
        app.state.store = open_store(settings)
        app.state.index = open_search(settings)
        app.state.accounts = AccountStore(app.state.store.engine, token_days=settings.token_days)
        app.state.throttle = LoginThrottle()
        ensure_admin(app.state.accounts, settings)
        # the search bitmaps of frequent words load in the background: the first
        # searches are a little slower, never blocked (index/sqlite_terms.py)
        threading.Thread(
            target=_catch_up, args=(app.state.store, app.state.index), daemon=True
        ).start()
        try:
            yield
        finally:
            app.state.index.close()
            app.state.store.close()
            app.state.accounts.close()

    app = FastAPI(
        title="Directives — tra cứu văn bản chỉ đạo",
        version=__version__,
        description=(
            "Tìm kiếm Nghị quyết, Chỉ thị, Kết luận, Công văn… đã tiếp nhận và theo dõi "
            "nhiệm vụ được giao. Mọi yêu cầu cần 'Authorization: Bearer <mã truy cập>' "
            "(lấy tại POST /auth/token) hoặc phiên đăng nhập trên trang web."
        ),
        lifespan=lifespan,
    )

    def problem(status: int, retry_after: int | None = None):
        headers = {"Retry-After": str(retry_after)} if retry_after else None

        async def handler(request: Request, exc: Exception) -> JSONResponse:
            return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)

        return handler

    app.add_exception_handler(TaskNotFoundError, problem(404))
    app.add_exception_handler(NotFoundError, problem(404))
    app.add_exception_handler(InvalidCorrectionError, problem(422))
    app.add_exception_handler(TaskConflictError, problem(412))
    app.add_exception_handler(InvalidStatusError, problem(422))
    app.add_exception_handler(AccountError, problem(400))
    # the store or the index busy or unreachable: try again shortly
    app.add_exception_handler(DirectivesError, problem(503, retry_after=5))

    app.include_router(search.router)
    app.include_router(documents.router)
    app.include_router(tasks.router)
    app.include_router(review.router)
    app.include_router(auth.router)
    app.include_router(contacts.router)
    app.include_router(health.router)
    app.include_router(web.router)
    app.include_router(web_edit.router)
    app.mount("/static", StaticFiles(directory=web.STATIC_DIR), name="static")
    return app
