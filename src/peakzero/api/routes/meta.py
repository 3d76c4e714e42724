"""Meta: ``/api/v1/health``, what a server's supervisor (and the browser tests) poll."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from peakzero import __version__
from peakzero.api.deps import Principal, require

__all__ = ["Health", "router"]

router = APIRouter()


class Health(BaseModel):
    status: Literal["ok"]
    version: str


@router.get("/api/v1/health", response_model=Health, tags=["meta"], summary="The server answers")
def health(principal: Annotated[Principal, Depends(require("meta", "read"))]) -> Health:
    return Health(status="ok", version=__version__)
