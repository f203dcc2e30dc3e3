"""The FastAPI application; thin: request, index, response model."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.routes import documents, health, search
from directives import __version__
from directives.errors import DirectivesError
from directives.settings import Settings
from index.factory import open_index


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.index = open_index(settings.index_path, settings.elasticsearch_url)
        try:
            yield
        finally:
            app.state.index.close()

    app = FastAPI(
        title="Directives — tra cứu văn bản chỉ đạo",
        version=__version__,
        description="Tìm kiếm Nghị quyết, Chỉ thị, Kết luận, Công văn… đã tiếp nhận.",
        lifespan=lifespan,
    )

    @app.exception_handler(DirectivesError)
    async def directives_error(request: Request, exc: DirectivesError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    app.include_router(search.router)
    app.include_router(documents.router)
    app.include_router(health.router)
    return app
