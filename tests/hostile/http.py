"""A representative subset of the hostile corpus sent through `POST /v1/prechecks` of a real
`serve` (SPEC §6b), each held to the status the service contract names or, once the check has
run, to the same expectation as in-process (tests/hostile/cases.py) — with the clean packet's
documents compared against a clean upload's facts, read back over HTTP.

    python -m tests.hostile.http [CASE ...] [--big]   # starts its own serve, prints the table

Cases marked `big` need an upload limit above the 1 MB of the API tests' shared service (the
100,000-member zip is ~10 MB): the test runs them on a second `serve` in the slow group.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import httpx

from models import Flag, FlagCode, PacketFacts, PacketFile, Verdict
from tests.hostile import make
from tests.hostile.cases import CASES_BY_NAME, NOTE_ROWS, Case, _csv, all_of, flagged, read_as_document
from tests.hostile.harness import Baseline, CaseRun, Expect, indicator_values, others_intact, records_by_file
from tests.packetgen import build_files, default_spec

U = FlagCode.UNREADABLE_DOCUMENT
WAIT_S = 60
CASE_TIMEOUT_S = 240.0
Request = Callable[[dict[str, bytes]], dict]  # the clean packet's files → httpx.post keyword arguments


@dataclass(frozen=True)
class HttpCase:
    name: str
    what: str
    request: Request
    status: int = 202  # the submit's answer (SPEC §6b: 202, 413 too large, 422 not a packet)
    says: str = ""  # a 4xx answer's `detail` holds this
    expect: Expect | None = None  # once done: as cases.py (None: the in-process case's own)
    corpus: str | None = None  # the in-process case this one sends over HTTP
    changed: frozenset[str] = frozenset()
    whole_packet: bool = False
    slow: bool = False  # left to the slow group (hostile_slow) to keep the default suite short
    big: bool = False  # needs the roomier second serve (implies slow)

    def expectation(self) -> Expect | None:
        if self.expect is not None or self.corpus is None:
            return self.expect
        return CASES_BY_NAME[self.corpus].expect

    def compared_changed(self, base: Baseline) -> frozenset[str]:
        case: Case | None = CASES_BY_NAME.get(self.corpus or "")
        if self.whole_packet or (case is not None and case.whole_packet):
            return frozenset(base.records_by_file)
        return self.changed | (case.changed if case is not None else frozenset())


def as_files(members: list[PacketFile]) -> dict:
    """Members as multipart `files` parts (the portal's usual form)."""
    return {"files": [("files", (m.name, m.data)) for m in members]}


def as_packet_zip(members: list[PacketFile], name: str = "packet.zip") -> dict:
    """Members as one `packet` zip (names reach the server byte for byte: newlines included)."""
    return {"files": {"packet": (name, make.zip_of([(m.name, m.data) for m in members]), "application/zip")}}


def corpus_files(name: str) -> Request:
    return lambda files: as_files(CASES_BY_NAME[name].build(dict(files)))


def corpus_zip(name: str) -> Request:
    return lambda files: as_packet_zip(CASES_BY_NAME[name].build(dict(files)))


def corpus_raw(name: str) -> Request:
    """The case's members as they are (a case whose one member is the packet zip itself)."""
    def request(files: dict[str, bytes]) -> dict:
        members = CASES_BY_NAME[name].build(dict(files))
        assert len(members) == 1 and members[0].name.endswith(".zip")
        return {"files": {"packet": (members[0].name, members[0].data, "application/zip")}}
    return request


def with_extra(*extra: tuple[str, bytes]) -> Request:
    def request(files: dict[str, bytes]) -> dict:
        out = {n: b for n, b in files.items() if n != "manifest.json"}
        out.update(dict(extra))
        out["manifest.json"] = files["manifest.json"]
        return as_files([PacketFile(name=n, data=b) for n, b in out.items()])
    return request


def oversize(limit_mb: int) -> Request:
    return lambda files: {"files": {"packet": ("big.zip", b"PK\x03\x04" + bytes(limit_mb * 1024 * 1024 + 1),
                                                "application/zip")}}


def too_many_parts(n: int) -> Request:
    return lambda files: {"files": [("files", (f"{i:05d}.csv", b"a\n")) for i in range(n)]}


def the_packet_id_is_not_the_manifests(bad: str) -> Expect:
    """The manifest's bad packet_id is flagged and not used as the packet's id."""
    def expect(run: CaseRun, base: Baseline) -> list[str]:
        pid = getattr(run, "packet_id", None)
        return [f"the verdict's packet_id is the bad one: {pid!r}"] if pid == bad else []
    return expect


def counted_once(original: str, copy: str) -> Expect:
    """The same document under two names: its records are kept under one of them (which one
    depends on the members' order — the service sorts uploaded names), never under both."""
    def expect(run: CaseRun, base: Baseline) -> list[str]:
        want = base.records_by_file[original]
        kept = {name: run.records_by_file.get(name, []) for name in (original, copy)}
        as_original = {name: sorted(r.replace(json.dumps(copy, ensure_ascii=False)[1:-1], original) for r in recs)
                       for name, recs in kept.items()}
        if sorted(n for n, recs in kept.items() if recs) not in ([original], [copy]):
            return [f"records under {[(n, len(r)) for n, r in kept.items()]}: expected them under one name"]
        if not any(recs == want for recs in as_original.values()):
            return [f"the kept copy's records differ from {original}'s in the clean check"]
        return []
    return expect


def _small_zip_bomb() -> bytes:
    return make.zeros_bomb_zip(256 << 20)  # 256 MB of zeros in ~260 KB: fits the 1 MB test limit


HTTP_CASES: list[HttpCase] = [
    HttpCase("zip_slip", "../, absolute, drive-letter and backslash members in an attached zip",
             corpus_files("zip_slip"), corpus="zip_slip"),
    HttpCase("zip_nested_two_levels", "a zip in a zip: the inner note is read",
             corpus_files("zip_nested_two_levels"), corpus="zip_nested_two_levels", slow=True),
    HttpCase("zip_nested_five_levels", "five zips deep: refused, the inner documents named",
             corpus_files("zip_nested_five_levels"), corpus="zip_nested_five_levels", slow=True),
    HttpCase("zip_bomb_256mb_zeros", "256 MB of zeros deflated to ~260 KB",
             with_extra(("炸弹.zip", _small_zip_bomb())), expect=flagged(U, "zeros.csv", "上限")),
    HttpCase("pdf_encrypted_user_password", "a PDF that needs a password to open",
             corpus_files("pdf_encrypted_user_password"), corpus="pdf_encrypted_user_password"),
    HttpCase("xlsx_billion_laughs", "nested entities in sharedStrings.xml",
             corpus_files("xlsx_billion_laughs"), corpus="xlsx_billion_laughs"),
    HttpCase("xlsx_formulas_no_cached_values", "the equipment list's counts as uncached formulas",
             corpus_files("xlsx_formulas_no_cached_values"), corpus="xlsx_formulas_no_cached_values", slow=True),
    HttpCase("csv_mixed_utf8_gbk", "a CSV with lines in UTF-8 and lines in GBK",
             corpus_files("csv_mixed_utf8_gbk"), corpus="csv_mixed_utf8_gbk", slow=True),
    HttpCase("same_file_twice", "the roster again as 附件2-副本.pdf", corpus_files("same_file_twice"),
             corpus="same_file_twice", changed=frozenset({"附件2.pdf"}),
             expect=all_of(CASES_BY_NAME["same_file_twice"].expect, counted_once("附件2.pdf", "附件2-副本.pdf"))),
    HttpCase("manifest_malformed", "manifest.json that is not JSON", corpus_files("manifest_malformed"),
             corpus="manifest_malformed"),
    HttpCase("manifest_wrong_types", "year 'abc', industry code a number, declared values a list",
             corpus_files("manifest_wrong_types"), corpus="manifest_wrong_types", slow=True),
    HttpCase("manifest_id_dotdot", "packet_id '../../results/other'", corpus_files("manifest_id_dotdot"),
             expect=all_of(CASES_BY_NAME["manifest_id_dotdot"].expect,
                           the_packet_id_is_not_the_manifests("../../results/other"))),
    HttpCase("manifest_id_nul", "packet_id with a NUL", corpus_files("manifest_id_nul"),
             expect=all_of(CASES_BY_NAME["manifest_id_nul"].expect,
                           the_packet_id_is_not_the_manifests("acme\x00.zip")), slow=True),
    HttpCase("manifest_id_300_chars", "a 300-character packet_id", corpus_files("manifest_id_300_chars"),
             expect=all_of(CASES_BY_NAME["manifest_id_300_chars"].expect,
                           the_packet_id_is_not_the_manifests("p" * 300)), slow=True),
    HttpCase("name_newlines_controls", "a member name with a newline, a tab and a bell (in the packet zip)",
             corpus_zip("name_newlines_controls"), corpus="name_newlines_controls"),
    HttpCase("name_controls_in_multipart", "a `files` part named with a tab and a bell",
             with_extra(("说明\t铃\x07.csv", _csv(NOTE_ROWS))), expect=read_as_document("铃"), slow=True),
    HttpCase("packet_zip_truncated", "the packet zip cut inside its last member (an upload cut short)",
             corpus_raw("packet_zip_truncated"), corpus="packet_zip_truncated"),
    HttpCase("packet_zip_over_member_limit", "the packet zip with 2,100 junk members after its documents",
             corpus_raw("packet_zip_over_member_limit"), corpus="packet_zip_over_member_limit", slow=True),
    HttpCase("empty_packet_no_parts", "a multipart body with no file at all", lambda f: {
        "content": b'--b\r\nContent-Disposition: form-data; name="note"\r\n\r\nx\r\n--b--\r\n',
        "headers": {"Content-Type": "multipart/form-data; boundary=b"}},
             status=422, says="no files"),
    HttpCase("empty_packet_zip", "a `packet` zip with no members", lambda f: {"files": {"packet": (
        "empty.zip", b"PK\x05\x06" + bytes(18), "application/zip")}}, status=422, says="no files"),
    HttpCase("not_a_zip", "random bytes as the `packet` zip", lambda f: {"files": {"packet": (
        "p.zip", make.random_bytes(__import__("random").Random(5), 4096), "application/zip")}},
             status=422, says="not a zip"),
    HttpCase("oversize_upload", "a body one byte over the limit", oversize(1), status=413, says="larger than"),
    HttpCase("too_many_parts", "2,001 `files` parts (the member limit is 2,000)", too_many_parts(2001),
             status=422, says="Too many files"),
    # -- big: above the shared test service's 1 MB limit
    HttpCase("zip_bomb_1gb_zeros", "1 GB of zeros deflated to ~1 MB", corpus_files("zip_bomb_1gb_zeros"),
             corpus="zip_bomb_1gb_zeros", big=True),
    HttpCase("zip_100k_members", "an attached zip of 100,000 one-byte members", corpus_files("zip_100k_members"),
             corpus="zip_100k_members", big=True),
]
HTTP_CASES_BY_NAME = {c.name: c for c in HTTP_CASES}


# ---------------------------------------------------------------- running against a serve


@dataclass
class HttpRun:
    case: HttpCase
    status: int  # the submit's status
    detail: str = ""
    precheck_id: str | None = None
    final: str | None = None  # done | failed | None (not accepted / timed out)
    error: str | None = None
    run: CaseRun | None = None
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    shown: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def clean_files() -> dict[str, bytes]:
    """The corpus's clean packet (tests.packetgen default spec, seed 7: nine born-digital documents)."""
    files, _ = build_files(default_spec(7))
    return files


def run_of(verdict: dict, facts: dict, flags: list[dict]) -> CaseRun:
    """What a finished pre-check produced, in the shape the in-process corpus judges."""
    v = Verdict.model_validate(verdict)
    outcome = SimpleNamespace(facts=PacketFacts.model_validate(facts), verdict=v)
    run = CaseRun(flags=[Flag.model_validate(f) for f in flags], records_by_file=records_by_file(outcome),
                  documents=[d["file"] for d in facts.get("documents", [])], indicators=indicator_values(outcome))
    run.packet_id = v.packet_id  # type: ignore[attr-defined]  (what the_packet_id_is_not_the_manifests reads)
    return run


class Client:
    def __init__(self, base: str, token: str) -> None:
        self.base, self.headers = base, {"Authorization": f"Bearer {token}"}

    def submit(self, kwargs: dict) -> httpx.Response:
        kwargs = dict(kwargs)
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return httpx.post(f"{self.base}/v1/prechecks", headers=headers, timeout=120, **kwargs)

    def wait(self, precheck_id: str, timeout: float = CASE_TIMEOUT_S) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            r = httpx.get(f"{self.base}/v1/prechecks/{precheck_id}", params={"wait": WAIT_S}, headers=self.headers,
                          timeout=WAIT_S + 15)
            body = r.json()
            if body["status"] in ("done", "failed") or time.monotonic() > deadline:
                return body

    def result(self, precheck_id: str, name: str) -> object:
        r = httpx.get(f"{self.base}/v1/prechecks/{precheck_id}/{name}", headers=self.headers, timeout=60)
        r.raise_for_status()
        return r.json()


def http_baseline(client: Client, files: dict[str, bytes]) -> Baseline:
    """The clean packet through the same service: what every case's other documents must keep."""
    r = client.submit(as_files([PacketFile(name=n, data=b) for n, b in files.items()]))
    assert r.status_code == 202, r.text
    body = client.wait(r.json()["id"])
    assert body["status"] == "done", body
    run = run_of(body["verdict"], client.result(body["id"], "facts"), client.result(body["id"], "flags"))
    return Baseline(files=files, records_by_file=run.records_by_file, indicators=run.indicators,
                    flag_codes=sorted({f.code.value for f in run.flags}))


def submit_case(client: Client, case: HttpCase, files: dict[str, bytes]) -> HttpRun:
    t0 = time.monotonic()
    r = client.submit(case.request(files))
    out = HttpRun(case=case, status=r.status_code, seconds=time.monotonic() - t0)
    try:
        body = r.json()
    except ValueError:
        body = {"detail": r.text}
    if r.status_code == 202:
        out.precheck_id = body["id"]
    else:
        out.detail = str(body.get("detail"))
    return out


def finish_case(client: Client, out: HttpRun, base: Baseline, t_submit: float) -> HttpRun:
    """Wait for an accepted case's check and judge it; judge a refused one by its status."""
    case = out.case
    if out.status != case.status:
        out.problems.append(f"status {out.status}, expected {case.status}: {out.detail[:200]}")
    if out.precheck_id is None:
        if case.says and case.says not in out.detail:
            out.problems.append(f"the {out.status} answer does not say {case.says!r}: {out.detail[:200]}")
        out.shown = f"HTTP {out.status}: {out.detail[:80]}"
        return out
    body = client.wait(out.precheck_id)
    out.seconds = time.monotonic() - t_submit
    out.final, out.error = body["status"], body.get("error")
    if out.final != "done":
        out.problems.append(f"pre-check ended {out.final}: {out.error}")
        out.shown = f"HTTP 202 → {out.final}"
        return out
    run = run_of(body["verdict"], client.result(out.precheck_id, "facts"), client.result(out.precheck_id, "flags"))
    out.run = run
    expect = case.expectation()
    if expect is not None:
        out.problems += expect(run, base)
    lost = others_intact(run, base, case.compared_changed(base))
    if lost:
        out.problems.append(f"documents changed: {lost}")
    new = [f for f in run.flags if f.code.value not in base.flag_codes or f.code == U]
    out.shown = "HTTP 202 → done; " + ("; ".join(f"{f.code.value}: {f.message[:60]}" for f in new[:2]) or "no new flag")
    return out


def run_cases(client: Client, cases: list[HttpCase], base: Baseline) -> list[HttpRun]:
    """Submit every case (the workers take them as they come), then wait for and judge each."""
    started = [(submit_case(client, c, base.files), time.monotonic()) for c in cases]
    return [finish_case(client, out, base, t0) for out, t0 in started]


def table(runs: list[HttpRun]) -> str:
    """One line a case. `done s`: seconds from the batch's submission until the case's answer (the
    cases are submitted at once and queue for the workers: a bound, not the check's own time)."""
    head = f"{'case':32} {'ok':4} {'status':7} {'done s':>7} {'intact':6}  flag or status"
    lines = [head, "-" * len(head)]
    for r in runs:
        intact = "n/a" if r.run is None or r.case.whole_packet else (
            "NO" if any(p.startswith("documents changed") for p in r.problems) else "yes")
        lines.append(f"{r.case.name:32} {'yes' if r.ok else 'NO':4} {r.status:<7} {r.seconds:7.2f} {intact:6}  "
                     f"{r.shown.replace(chr(10), ' ')[:110]}")
        for p in r.problems:
            lines.append(f"{'':32} !! {p.replace(chr(10), ' ')[:200]}")
    lines.append(f"{sum(r.ok for r in runs)} of {len(runs)} HTTP cases hold")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Start a serve (local store, SQLite, two warm workers, a 64 MB upload limit) and run the cases."""
    import tempfile
    from pathlib import Path

    from tests.api.service import ServeProcess, add_token, service_env

    names = [a for a in argv if not a.startswith("--")]
    cases = [c for c in HTTP_CASES if (not names or c.name in names) and (c.big <= ("--big" in argv or bool(names)))]
    with tempfile.TemporaryDirectory(prefix="hostile-http-") as d:
        root = Path(d)
        env = service_env(root / "var", EVIDENCE_MAX_UPLOAD_MB="64")
        token = add_token(env, "hostile")
        serve = ServeProcess(env, workers=2, log_path=root / "serve.log").start()
        try:
            serve.wait_ready(token)
            client = Client(serve.base, token)
            base = http_baseline(client, clean_files())
            cases = [HttpCase(c.name, c.what, oversize(64), c.status, c.says) if c.name == "oversize_upload" else c
                     for c in cases]
            runs = run_cases(client, cases, base)
        finally:
            serve.stop()
    print(table(runs))
    print(json.dumps({"cases": len(runs), "hold": sum(r.ok for r in runs)}))
    return 0 if all(r.ok for r in runs) else 1


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
