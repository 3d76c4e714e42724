import subprocess
import sys

import pytest
from typer.testing import CliRunner

from peakzero import __version__
from peakzero.cli import app

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_lists_command_groups() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for group in ("factors", "inventory"):
        assert group in result.output


# The command line imports an engine only when one of its commands runs: --help and --version
# answer at once (they took 2-3 s when every command group imported pandas, pint and PyPSA).
_HEAVY = ("pandas", "numpy", "pint", "pypsa", "linopy", "matplotlib", "sqlalchemy", "openpyxl")
_LOADED = """
import sys
sys.argv = ["peakzero", *ARGS]
from peakzero.cli import main
try:
    main()
except SystemExit:
    pass
print("LOADED", *sorted(m for m in HEAVY if m in sys.modules))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["pathway", "--help"],
        ["inventory", "compute", "--help"],
        ["grid", "run", "--help"],
        ["programme", "evaluate", "--help"],
    ],
)
def test_help_and_version_import_no_engine(args: list[str]) -> None:
    code = _LOADED.replace("ARGS", repr(args)).replace("HEAVY", repr(_HEAVY))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = done.stdout.strip().splitlines()[-1]
    assert loaded == "LOADED", loaded


def test_inventory_defaults_match_the_engine() -> None:
    # The CLI repeats the accounting defaults for its help (not to import the engine for it).
    from peakzero.accounting.run import DEFAULTS
    from peakzero.cli.inventory import DEFAULTS as SHOWN

    assert {key: DEFAULTS[key] for key in SHOWN} == SHOWN


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "peakzero.cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.startswith("peakzero ")
