"""Development tool: print what the pipeline reads from each scanned document of a foreign packet
(tables: header, fields, rows; records counts) using the OCR cache of tools.scan_cache.

`python -m tools.scan_dump SEED [--rows N] [--born]`
"""

from __future__ import annotations

import argparse

from tools.scan_cache import CACHE, install_cache


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("seed", type=int)
    ap.add_argument("--rows", type=int, default=4)
    ap.add_argument("--born", action="store_true")
    ap.add_argument("--only", default="", help="file extension filter, e.g. png")
    args = ap.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    install_cache()
    from extractors.pipeline import extract
    from tests.foreign.documents import build_packet
    from tests.foreign.world import build_world

    files, variants = build_packet(build_world(args.seed), not args.born)
    print("variants:", variants)
    for name, data in sorted(files.items()):
        if args.only and not name.endswith(args.only):
            continue
        res = extract(data, name)
        doc = res.document
        print(f"=== {name} type={doc.doc_type.value if doc else None} records={res.records.count() if doc else None}")
        if doc is None:
            continue
        for f in res.flags:
            print("   flag", f.code.value, f.message[:160])
        if not doc.tables:
            print("   text:", doc.text[:300].replace("\n", " | "))
        for t in doc.tables:
            print(f"  table {t.index} type={t.doc_type} title={(t.title or '')[:60]!r}")
            print("    header:", t.header)
            print("    fields:", t.fields)
            for r in t.rows[: args.rows]:
                print("    row:", [c.text for c in r.cells])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
