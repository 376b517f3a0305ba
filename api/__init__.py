"""The HTTP service (SPEC §6b): `api.app.create_app`, routes by resource under `api/routes/`."""
