"""Web app and REST API over the store (``summitry serve``); needs the fastapi and uvicorn dependencies."""

from summitry.web.app import create_app

__all__ = ["create_app"]
