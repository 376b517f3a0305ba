"""Small helpers for the storage tests: put objects with the minio SDK as an uploader would."""

from __future__ import annotations

import io

from storage.s3 import S3Store


def upload(store: S3Store, key: str, data: bytes) -> None:
    store.client.put_object(store.bucket, key, io.BytesIO(data), len(data))


def upload_folder_packet(store: S3Store, packet_id: str, files: dict[str, bytes], manifest: bool = True) -> None:
    """Members first, manifest.json last (SPEC §3)."""
    for name, data in files.items():
        upload(store, f"incoming/{packet_id}/{name}", data)
    if manifest:
        upload(store, f"incoming/{packet_id}/manifest.json", f'{{"packet_id": "{packet_id}"}}'.encode())
