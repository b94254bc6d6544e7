"""The dbt docs site of a built warehouse, rendered by headless Chromium after its scripts ran: the project
tree and the lineage reach from the pitch model ``int_pitches`` to the app's pitch tables, the percentile models
and the app's exposure.

Three ways in: the generated target directory served on 127.0.0.1, the single ``static_index.html`` opened
from a file, and ``make docs`` itself (generate, then ``dbt docs serve``).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import ROOT

if TYPE_CHECKING:
    from tests.fixtures_demo import Chromium, DemoWarehouse

pytest_plugins = ["tests.fixtures_demo"]
pytestmark = pytest.mark.slow

PROJECT = "milb"
# What the app's readers look for in the docs: the pitch mart, the two percentile models the rankings page
# draws its cohorts from, and the page itself.
MODELS = ("milb_batter_pitches", "mv_hitter_percentiles_by_level", "mv_pitcher_percentiles_by_level")
PITCH_MODEL = "int_pitches"  # the one pitch model the pitch tables and the percentile models read
EXPOSURE = "composite_rankings_page"
PAGE_WAIT_MS = 10_000  # virtual time for the page to fetch manifest and catalog and render


@pytest.fixture(scope="module")
def docs_target(demo_duckdb: DemoWarehouse) -> Path:
    """``dbt docs generate --static`` for the demo warehouse: index.html + JSON, and static_index.html."""
    demo_duckdb.warehouse.dbt("docs", "generate", "--static")
    target = Path(demo_duckdb.env["DBT_TARGET_PATH"])
    for name in ("index.html", "static_index.html", "manifest.json", "catalog.json"):
        assert (target / name).is_file(), name
    return target


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served_docs(docs_target: Path) -> Iterator[str]:
    """The target directory on 127.0.0.1 (a free port), from a thread; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(docs_target)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def node_id(kind: str, name: str) -> str:
    return f"{kind}.{PROJECT}.{name}"


def tree_nodes(dom: str) -> set[str]:
    """The unique ids of the nodes in the rendered project/database tree (the left-hand navigation)."""
    return set(re.findall(r'data-nav-unique-id="([^"{}]+)"', dom))


def references(dom: str, heading: str) -> set[str]:
    """The node ids a node page lists under "Depends On" or "Referenced By" (its lineage, one step)."""
    found = re.search(rf"<h6>{re.escape(heading)}</h6>\s*<reference-list[^>]*>(.*?)</reference-list>", dom, re.S)
    assert found, f"no {heading!r} section rendered"
    return set(re.findall(r'href="#!/[a-z]+/([^"]+)"', found.group(1)))


def assert_tree_has_the_lineage_nodes(dom: str) -> None:
    nodes = tree_nodes(dom)
    assert nodes, "the tree did not render (no data-nav-unique-id): the page's scripts did not run"
    wanted = {node_id("model", name) for name in MODELS} | {node_id("exposure", EXPOSURE)}
    assert wanted <= nodes, sorted(wanted - nodes)


def test_the_served_site_shows_the_tree_and_the_exposures_lineage(chromium: Chromium, served_docs: str) -> None:
    home = chromium.dump_dom(f"{served_docs}/index.html", wait_ms=PAGE_WAIT_MS)
    assert_tree_has_the_lineage_nodes(home)

    exposure = chromium.dump_dom(
        f"{served_docs}/index.html#!/exposure/{node_id('exposure', EXPOSURE)}", wait_ms=PAGE_WAIT_MS
    )
    parents = references(exposure, "Depends On")
    assert {node_id("model", name) for name in MODELS[1:]} <= parents, parents

    pitches = chromium.dump_dom(
        f"{served_docs}/index.html#!/model/{node_id('model', PITCH_MODEL)}", wait_ms=PAGE_WAIT_MS
    )
    children = references(pitches, "Referenced By")
    assert {node_id("model", "milb_batter_pitches"), node_id("model", "milb_pitcher_pitches")} <= children, children


def test_the_lineage_runs_from_the_pitch_model_to_the_rankings_page(docs_target: Path) -> None:
    """The graph the site draws (the manifest's child map) links int_pitches to the exposure through the pitch
    tables and each percentile model."""
    manifest = json.loads((docs_target / "manifest.json").read_text(encoding="utf-8"))
    child_map: dict[str, list[str]] = manifest["child_map"]

    def downstream(start: str) -> set[str]:
        seen, stack = set(), [start]
        while stack:
            for child in child_map.get(stack.pop(), []):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return seen

    exposure = node_id("exposure", EXPOSURE)
    assert exposure in manifest["exposures"]
    from_pitches = downstream(node_id("model", PITCH_MODEL))
    for name in MODELS:
        assert node_id("model", name) in from_pitches, name
        assert exposure in downstream(node_id("model", name)), name


def test_the_static_single_file_renders_from_disk(chromium: Chromium, docs_target: Path) -> None:
    dom = chromium.dump_dom((docs_target / "static_index.html").as_uri(), wait_ms=PAGE_WAIT_MS)
    assert_tree_has_the_lineage_nodes(dom)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen[str], timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text(encoding="utf-8")[-4000:]
            raise AssertionError(f"make docs exited ({process.returncode}) before serving:\n{output}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"make docs served nothing at {url} within {timeout:.0f} s")


def test_make_docs_after_make_demo_generates_and_serves_the_demo_warehouse(
    request: pytest.FixtureRequest, demo_duckdb: DemoWarehouse, tmp_path: Path
) -> None:
    """No warehouse configured and none at the root: ``make docs`` documents the demo's (a folder laid out as
    ``make demo`` writes it: milb.duckdb, dbt-target/), with its column types, and links the lineage view."""
    if (ROOT / "milb.duckdb").exists():
        pytest.skip("a milb.duckdb at the repository root is what make docs documents")
    port = free_port()
    demo_dir = Path(demo_duckdb.env["MILB_DUCKDB_PATH"]).parent
    env = {key: value for key, value in demo_duckdb.env.items() if key not in ("MILB_DUCKDB_PATH", "DBT_TARGET_PATH")}
    env.update({"MILB_DEMO_DIR": str(demo_dir), "DBT_LOG_PATH": str(tmp_path)})
    log = tmp_path / "make-docs.log"
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen(
            ["make", "docs", f"port={port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group: make, dbt generate, dbt serve end together
        )
    try:
        wait_for(f"http://127.0.0.1:{port}/manifest.json", process, timeout=180, log=log)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/catalog.json", timeout=10) as response:
            catalog = json.loads(response.read())
        columns = catalog["nodes"][node_id("model", "milb_batter_pitches")]["columns"]
        assert columns and all(column["type"] for column in columns.values())
        output = log.read_text(encoding="utf-8")
        assert f"documenting the demo warehouse {demo_dir / 'milb.duckdb'}" in output
        static = demo_dir / "dbt-target" / "static_index.html"
        assert f"{static.as_uri()}#!/exposure/{node_id('exposure', EXPOSURE)}?g_v=1" in output
        # Loaded from the fake API on 127.0.0.1: both pages say the data is generated.
        for page in (static, demo_dir / "dbt-target" / "index.html"):
            assert 'class="milb-generated-data"' in page.read_text(encoding="utf-8"), page
        # Last, as it skips without Chromium (locally; CI has it): the served site renders the tree.
        chromium: Chromium = request.getfixturevalue("chromium")
        assert_tree_has_the_lineage_nodes(chromium.dump_dom(f"http://127.0.0.1:{port}/", wait_ms=PAGE_WAIT_MS))
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
