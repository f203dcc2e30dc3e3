"""A STAND-IN for Elasticsearch in tests: osmem-server, not Elasticsearch.

No Elasticsearch can run on this machine (no Docker engine, no package ships one), so the
contract tests run the Elasticsearch backend against osmem-server (PyPI ``osmem-server``),
an in-memory OpenSearch-compatible server made for tests. It checks our client code and
the requests we send over the wire; it does not check Elasticsearch itself. Set
DIRECTIVES_ELASTICSEARCH_URL to run the same tests on a real Elasticsearch.

Two test-only adjustments, here and nowhere in the product code (StandinNode):

- The official client asks for ``application/vnd.elasticsearch+json; compatible-with=9``;
  osmem answers that media type with 406, so requests are sent as plain JSON/NDJSON.
- The client refuses a server whose answers lack ``X-Elastic-Product: Elasticsearch``;
  osmem says it is OpenSearch, so the header is added to its answers.

``elastic_standin_url`` (session fixture) starts one server on a free loopback port;
``make_standin_index(url, prefix)`` opens the backend on it under a prefix of its own, so
tests do not see each other's data.
"""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from elastic_transport import HttpHeaders, Urllib3HttpNode
from elastic_transport._node import NodeApiResponse  # the node interface's return type
from elasticsearch import Elasticsearch
from osmem_server import OsmemServer

from index.elastic import ElasticIndex

_STARTUP = 30.0  # seconds


class StandinNode(Urllib3HttpNode):
    """TEST ONLY: the urllib3 node, speaking plain JSON to osmem and vouching for it."""

    def perform_request(
        self,
        method: str,
        target: str,
        body: bytes | None = None,
        headers: HttpHeaders | None = None,
        **kwargs: Any,
    ) -> NodeApiResponse:
        plain = HttpHeaders()
        for name, value in (headers or {}).items():
            if name.lower() in ("accept", "content-type"):
                value = value.split(";")[0].replace("vnd.elasticsearch+", "")
            plain[name] = value
        response = super().perform_request(method, target, body, plain, **kwargs)
        response.meta.headers["x-elastic-product"] = "Elasticsearch"
        return response


def standin_client(url: str, **options: Any) -> Elasticsearch:
    """An official client for the stand-in at ``url``."""
    options.setdefault("node_class", StandinNode)
    return Elasticsearch(url, **options)


def make_standin_index(url: str, prefix: str, **options: Any) -> ElasticIndex:
    """The Elasticsearch backend on the stand-in, its indices named ``{prefix}-…``."""
    return ElasticIndex(client=standin_client(url), prefix=prefix, **options)


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + _STARTUP
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.05)


@pytest.fixture(scope="session")
def elastic_standin_url() -> Iterator[str]:
    """The URL of an osmem-server (stand-in for Elasticsearch) on a free loopback port."""
    # addr port 0: osmem picks a free port and prints its URL once it listens; it exits
    # with this process (it watches our pid and its stdin).
    server = OsmemServer.start(addr="127.0.0.1:0", japanese=False, startup_timeout=_STARTUP)
    try:
        _wait_until_up(server.url)
        yield server.url
    finally:
        server.close()
