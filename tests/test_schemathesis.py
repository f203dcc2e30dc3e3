"""Schemathesis against the OpenAPI of the REST API: generated requests, no 500.

Runs in-process (ASGI) over a data dir holding the sample corpus, as an editor with
clearance, so that every operation — uploads and task changes included — is exercised.
Run `pytest tests/test_schemathesis.py -s` to see the summary line per operation.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.app import create_app
from directives.settings import Settings
from tests.conftest import SAMPLES, ingest_into, open_accounts

pytestmark = pytest.mark.slow


# The app object must exist when the module is collected (schemathesis reads its OpenAPI
# then); it opens nothing until its lifespan runs in the fixture below.
DATA = Path(tempfile.mkdtemp(prefix="schemathesis-"))
atexit.register(shutil.rmtree, DATA, True)
APP = create_app(Settings(data_dir=DATA, max_file_bytes=200_000))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def served():
    data = DATA
    assert not ingest_into(
        data, SAMPLES / "cv-9387-UBND-KT-LaoCai-2026.txt", SAMPLES / "cv-226-CV-DU-VuDuong-2026.txt"
    ).failed
    accounts = open_accounts(data)
    accounts.add_user("fuzz", "mat-khau-fuzz", "admin", 3)
    token = accounts.issue_token("fuzz", "schemathesis")
    accounts.close()
    with TestClient(APP):  # runs the lifespan: the index and accounts stay open on app.state
        yield APP, token


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_answers_500(case, served):
    _, token = served
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    case.validate_response(response, checks=[not_a_server_error])
