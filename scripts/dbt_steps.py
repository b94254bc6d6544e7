"""``make build`` and ``make docs``: dbt on the chosen warehouse, after checking there is something to build.

dbt itself answers a missing warehouse or an empty raw schema with hundreds of lines and three tracebacks;
this checks first and says it in one line. ``make docs`` with no warehouse configured and none at the root
documents the demo's (``var/demo``, written by ``make demo``) and says so.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from functools import partial
from html import escape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from loader import settings
from tools.warehouse import WarehouseError, generated_data_notice, open_warehouse

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DBT_DIR = ROOT / "dbt_project"
# The exposure's lineage: raw tables -> pitch marts -> percentiles -> the rankings page, instead of the
# whole project's graph (dbt docs reads the selection from the URL).
LINEAGE = "#!/exposure/exposure.milb.composite_rankings_page?g_v=1&g_i=%2Bexposure:composite_rankings_page"


# Paths dbt reads from the environment; dbt runs in dbt_project/, the user somewhere else.
PATH_VARIABLES = ("MILB_DUCKDB_PATH", "MILB_SPARK_WAREHOUSE", "DBT_TARGET_PATH", "DBT_LOG_PATH")


def default_demo_dir() -> Path:
    return Path(os.environ.get("MILB_DEMO_DIR", settings.VAR_DIR / "demo")).resolve()


def dbt_environment(target: str, environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment dbt runs with: the target, the settings profiles.yml reads, every path made absolute.

    profiles.yml reads environment variables only; the values they do not set come from the project's
    settings (``.dlt/config.toml``), so dbt and the loader can never disagree. A relative path means relative
    to where the command runs (as for the loader and the tools), not to ``dbt_project/``, where dbt runs.
    """
    env = {**settings.dbt_variables(), **(os.environ if environ is None else environ), "MILB_TARGET": target}
    for name in PATH_VARIABLES:
        if env.get(name):
            env[name] = str(Path(env[name]).resolve())
    lake = env.get("MILB_LAKE_PATH", "").removeprefix("file://")
    if lake and "://" not in lake:
        # A local lake as a folder (file:///x is /x); Spark reads any other URL as it is.
        env["MILB_LAKE_PATH"] = str(Path(lake).resolve())
    return env


def choose_warehouse(target: str, env: dict[str, str]) -> str | None:
    """Point ``env`` at the demo's warehouse when nothing else is configured; returns what is documented."""
    if target != "duckdb" or env.get("MILB_DUCKDB_PATH") or settings.duckdb_path().exists():
        return None
    demo = default_demo_dir()
    if not (demo / "milb.duckdb").is_file():
        return None
    env["MILB_DUCKDB_PATH"] = str(demo / "milb.duckdb")
    env.setdefault("DBT_TARGET_PATH", str(demo / "dbt-target"))
    env.setdefault("DBT_LOG_PATH", str(demo / "dbt-logs"))
    return str(demo / "milb.duckdb")


def check_lake() -> None:
    """One ``error:`` line when a local lake holds no raw games (a remote lake is read as it is)."""
    lake = settings.local_lake()
    if lake is None:
        return
    games = lake / settings.raw_schema() / "games"
    if not any(games.glob("*.parquet")):
        sys.exit(f"error: the lake {lake} holds no raw data (no {games}/*.parquet): run `make load target=spark` first")


def check(target: str, env: dict[str, str], models: bool) -> str | None:
    """One ``error:`` line and exit 1 when there is no raw data (or, for the docs, no built model).

    Returns the "generated data" notice when the raw games came from a local fake API or replay.
    """
    os.environ.update(env)
    try:
        with open_warehouse(target) as reader:
            if not reader.has_relation(settings.raw_schema(), "games"):
                raise WarehouseError(
                    f"the {reader.description} warehouse holds no raw data (no {settings.raw_schema()}.games): "
                    "run `make load` (or `make demo`) first"
                )
            if models:
                reader.require_models("milb_batter_pitches")
            return generated_data_notice(reader)
    except WarehouseError as exc:
        sys.exit(f"error: {exc}")


def add_banner(page: Path, notice: str) -> None:
    """Pin the notice to the bottom of a generated docs page.

    dbt docs has no per-build banner (its overview is static Markdown), and the data, not the project,
    decides this one; so the generated page gets a fixed block before its last </body> (the first "<body"
    in the file is inside dbt's inlined scripts).
    """
    html = page.read_text(encoding="utf-8")
    banner = (
        '<div class="milb-generated-data" role="note" style="position:fixed;left:0;right:0;bottom:0;z-index:10000;'
        "background:#fff4d6;border-top:2px solid #d08c1f;padding:8px 16px;font:600 14px system-ui,sans-serif;"
        f'color:#1d2733">{escape(notice)}</div>'
    )
    end = html.rfind("</body>")
    page.write_text(html[:end] + banner + html[end:] if end >= 0 else html + banner, encoding="utf-8")


def dbt(args: list[str], env: dict[str, str]) -> int:
    return subprocess.run([str(BIN / "dbt"), *args], cwd=DBT_DIR, env=env).returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("step", choices=("build", "docs"))
    parser.add_argument("--target", default=settings.target(), choices=settings.TARGETS)
    parser.add_argument("--port", type=int, default=8080, help="docs: the port dbt docs serve listens on")
    parser.add_argument("--no-serve", action="store_true", help="docs: generate only")
    parser.add_argument(
        "--daily",
        action="store_true",
        help="build: leave out the unit tests (they check the models' code, which a daily run does not change)",
    )
    args = parser.parse_args()
    env = dict(os.environ)
    build = ["build", "--target", args.target] + (["--exclude-resource-type", "unit_test"] if args.daily else [])
    if args.target == "spark":
        if args.step == "docs":
            sys.exit(
                "error: make docs reads a DuckDB or PostgreSQL warehouse; on Spark run `dbt docs generate` "
                "in dbt_project/"
            )
        check_lake()
        sys.exit(dbt(build, dbt_environment(args.target, env)))
    if args.step == "build":
        check(args.target, env, models=False)
        sys.exit(dbt(build, dbt_environment(args.target, env)))
    demo = choose_warehouse(args.target, env)
    if demo:
        print(f"documenting the demo warehouse {demo} (generated data; `make load` + `make build` make your own)")
    notice = check(args.target, env, models=True)
    env = dbt_environment(args.target, env)
    code = dbt(["docs", "generate", "--static", "--target", args.target], env)
    if code:
        sys.exit(code)
    target_dir = Path(env.get("DBT_TARGET_PATH", DBT_DIR / "target"))
    static = target_dir / "static_index.html"
    if notice:
        for page in (target_dir / "index.html", static):
            add_banner(page, notice)
        print(notice)
    print(f"single-file docs (open from disk): {static}")
    print(f"  lineage raw -> pitches -> percentiles -> rankings page: {static.as_uri()}{LINEAGE}")
    if args.no_serve:
        return
    serve(target_dir, args.port)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 -- the stdlib's signature
        pass


def serve(directory: Path, port: int) -> None:
    """Serve the generated site on 127.0.0.1 until Ctrl-C.

    Not ``dbt docs serve``: it copies its own index.html over the generated one first, which would drop the
    banner; what it adds beyond a static file server (opening a browser) is not wanted here.
    """
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), partial(QuietHandler, directory=str(directory)))
    except OSError as exc:
        sys.exit(f"error: port {port} on 127.0.0.1 cannot be used ({exc.strerror}): pick another with port=N")
    print(f"  served: http://127.0.0.1:{port}/{LINEAGE} (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
