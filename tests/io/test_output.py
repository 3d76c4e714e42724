import os
import stat
from pathlib import Path

import pytest

from peakzero.io.output import write_text_atomic


def test_writes_whole_file_with_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.csv"
    write_text_atomic(target, "a,b\n1,2\n")
    assert target.read_text(encoding="utf-8") == "a,b\n1,2\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in target.parent.iterdir()] == ["out.csv"]


def test_failure_leaves_nothing(tmp_path: Path) -> None:

    target = tmp_path / "out.csv"
    with pytest.raises(TypeError):
        write_text_atomic(target, 42)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
