"""The tools' one entry point: every failure is one ``error:`` line and a non-zero exit, as for the loader."""

from __future__ import annotations

import sys
from collections.abc import Mapping

import click

from tools.warehouse import WarehouseError


def run_command(
    command: click.Command, argv: list[str] | None = None, errors: Mapping[type[Exception], int] | None = None
) -> None:
    """Run a click command and exit: 0 when done, else one ``error:`` line on stderr.

    Usage errors exit 2 (click's code), a warehouse that cannot be read 1, and each exception of ``errors``
    the code it maps to.
    """
    codes = {WarehouseError: 1, **(errors or {})}
    try:
        command.main(args=argv, standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except tuple(codes) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(next(code for kind, code in codes.items() if isinstance(exc, kind)))
    sys.exit(0)
