"""Where packets come from and where results go (SPEC §3).

base      the store protocols (PacketStore, BucketStore) and ResultFile
layout    the bucket layout as pure functions: complete packets, versions, result keys
local     a local folder (the CLI's default) and LocalStore, a folder laid out like the bucket
s3        S3Store: the bucket on an S3 server through the minio SDK
ledger    results/<id>/_state.json: claims (short leases renewed while checking) by conditional writes, bounded retries
retry     short retries of one store call; `until_back` rides out a store restart for a finished check's write
settings  EVIDENCE_S3_* / EVIDENCE_BUCKET (models.settings.S3Settings, re-exported)
errors    StorageError and its kinds (StorageFull for a full disk), one-line bilingual messages

The throwaway loopback S3 server for tests, bench and the local stack is tools/devserver.py.
"""
