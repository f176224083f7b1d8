"""The ``grannskap`` command in the tests: in this process (``grannskap``), or as a user runs
it, in a process of its own (``grannskap_process``) for the tests that are about the process
(the installed entry point, its exit code and what it prints before anything is imported).

In this process the command gets the same environment, folder, arguments and streams as it
would in its own: ``GRANNSKAP_DATABASE_URL`` set, the folder changed, stdout and stderr
captured (its log lines included, as ``main`` formats them), the exit code returned; an
error ``main`` does not explain is a traceback on stderr and exit code 1, as Python gives.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

GRANNSKAP = Path(sys.executable).with_name("grannskap")


@dataclass(frozen=True)
class Done:
    returncode: int
    stdout: str
    stderr: str


def grannskap(*args: str, database_url: str, cwd: Path) -> Done:
    from service.cli import main

    out, err = io.StringIO(), io.StringIO()
    handler = logging.StreamHandler(err)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    previous = Path.cwd()
    try:
        with (
            mock.patch.dict(os.environ, {"GRANNSKAP_DATABASE_URL": database_url}),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            os.chdir(cwd)
            try:
                code = main(list(args))
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
            except Exception:
                traceback.print_exc()
                code = 1
    finally:
        os.chdir(previous)
        root.removeHandler(handler)
        root.setLevel(level)
    return Done(code, out.getvalue(), err.getvalue())


def grannskap_process(*args: str, database_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GRANNSKAP_DATABASE_URL": database_url}
    return subprocess.run(
        [str(GRANNSKAP), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=60
    )
