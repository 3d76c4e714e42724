"""Every command and option of the CLI is documented in docs/cli.md (as datasette does)."""

from pathlib import Path

import typer

from peakzero.cli import app

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def walk(command: object, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    found = [(path, command)]
    for name, child in getattr(command, "commands", {}).items():
        found += walk(child, (*path, name))
    return found


def test_every_command_and_option_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    root = typer.main.get_command(app)
    commands = walk(root)
    assert len(commands) >= 8  # root, 2 groups, 5 commands: the walk really visits them
    missing = []
    for path, command in commands:
        if path and f"peakzero {' '.join(path)}" not in text:
            missing.append(" ".join(path))
        for parameter in getattr(command, "params", []):
            for option in getattr(parameter, "opts", []):
                if option.startswith("--") and option != "--help" and option not in text:
                    missing.append(f"{' '.join(path)} {option}")
    assert missing == []
