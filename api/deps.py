"""Typed dependencies: the store, the search index, the accounts, the settings."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from directives.settings import Settings
from index.base import Index
from store.accounts import User
from store.models import IndexedDocument, StoredDocument, security_level
from store.store import Store


def get_index(request: Request) -> Index:
    return request.app.state.index


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_today(request: Request) -> date:
    """Today in the office's time zone (DIRECTIVES_TIMEZONE): what overdue is measured by."""
    return request.app.state.settings.today()


IndexDep = Annotated[Index, Depends(get_index)]
TodayDep = Annotated[date, Depends(get_today)]
StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def visible_stored(store: Store, doc_id: str, user: User) -> StoredDocument:
    """The document as the store holds it, or 404 — also when it is above the user's
    clearance, so that a classified document's existence is not revealed."""
    stored = store.document(doc_id)
    if stored is None or security_level(stored.document.security) > user.clearance:
        raise HTTPException(404, f"Không có văn bản mã {doc_id}")
    return stored


def visible_document(store: Store, doc_id: str, user: User) -> IndexedDocument:
    return visible_stored(store, doc_id, user).document
