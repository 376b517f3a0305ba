"""HTTP side of evidence-check (FastAPI): the portal API and the object-store webhooks."""
