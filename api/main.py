"""`uvicorn api.main:app` (settings from the environment); `evidence-check serve` does the same."""

from api.app import create_app

app = create_app()
