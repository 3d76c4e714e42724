"""Reading a browser form: its text fields (the CSRF token left out: the guard checked it) and,
for an upload, its one file — the same for every page that takes a form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile

__all__ = ["UploadedFile", "form_fields", "read_upload"]

UploadedFile = tuple[str, bytes]
"""An uploaded file's name and content."""


def form_fields(data: Mapping[str, Any]) -> dict[str, str]:
    """A form's text fields, without the CSRF token."""
    return {k: v for k, v in data.items() if isinstance(v, str) and k != "csrf_token"}


async def read_upload(request: Request) -> tuple[dict[str, str], UploadedFile]:
    """An upload's text fields and its ``file`` field (``("", b"")`` when none was sent)."""
    data = await request.form()
    file = data.get("file")
    try:
        if isinstance(file, UploadFile):
            return form_fields(data), (file.filename or "", await file.read())
        return form_fields(data), ("", b"")
    finally:
        await data.close()  # the spooled upload files
