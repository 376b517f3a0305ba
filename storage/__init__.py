"""Where packets come from and where results go (SPEC §3).

base      the store protocols (PacketStore, BucketStore) and ResultFile
layout    the bucket layout as pure functions: complete packets, versions, result keys
local     a local folder (the CLI's default) and LocalStore, a folder laid out like the bucket
s3        S3Store: the bucket on an S3 server through the minio SDK
ledger    results/<id>/_state.json: claims (leases) by conditional writes, bounded retries
settings  EVIDENCE_S3_* / EVIDENCE_BUCKET (models.settings.S3Settings, re-exported)
errors    StorageError and its kinds, one-line bilingual messages

The throwaway loopback S3 server for tests, bench and the local stack is tools/devserver.py.
"""
