"""Typed dependencies: the index the app was created with."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from index.base import Index


def get_index(request: Request) -> Index:
    return request.app.state.index


IndexDep = Annotated[Index, Depends(get_index)]
