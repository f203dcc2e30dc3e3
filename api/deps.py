"""Typed dependencies: the index, the accounts, the settings the app was created with."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from directives.settings import Settings
from index.accounts import User
from index.base import Index
from store.models import IndexedDocument, security_level


def get_index(request: Request) -> Index:
    return request.app.state.index


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


IndexDep = Annotated[Index, Depends(get_index)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def visible_document(index: Index, doc_id: str, user: User) -> IndexedDocument:
    """The document, or 404 — also when it is above the user's clearance, so that a
    classified document's existence is not revealed."""
    document = index.get(doc_id)
    if document is None or security_level(document.security) > user.clearance:
        raise HTTPException(404, f"Không có văn bản mã {doc_id}")
    return document
