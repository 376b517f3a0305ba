"""Security of the service (issue 14) against real `serve` processes: secrets stored only as
hashes, session cookies, CSRF on every form, output escaping in the review pages and the report,
no path traversal through page-image, report or static URLs, upload limits, and error answers
without tracebacks or filesystem paths. (Route authorisation: test_route_authorisation.py.)"""

from __future__ import annotations

import http.client
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import MAX_UPLOAD_MB, Service
from tests.api.service import REPO, ServeProcess, add_token, cli, service_env
from tests.api.test_route_authorisation import _app_routes
from tests.packetgen import build_files, two_plus_benefit_spec

PASSWORD = "tr0ub4dor & 3 horses"
XSS_ENTERPRISE = "<script>alert('enterprise')</script>北京测试有限公司"
XSS_FILE = "<script>alert('file')</script>.csv"
XSS_CELL = "<script>alert('cell')</script>"
XSS_COMMENT = "<script>alert('comment')</script>核实"
XSS_ROSTER = "补充花名册.csv"


# -- fixtures ---------------------------------------------------------------------------------------


def _add_user(env: dict[str, str], name: str, role: str) -> None:
    proc = cli(["users", "add", name, "--role", role, "--password-stdin"], env, stdin=PASSWORD)
    assert proc.returncode == 0, proc.stderr


def login(base: str, name: str, password: str = PASSWORD) -> tuple[httpx.Client, httpx.Response]:
    """A browser-like client logged in to /review (the login form, its CSRF token, the session cookie)."""
    client = httpx.Client(base_url=base, follow_redirects=False, timeout=60)
    page = client.get("/review/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = client.post("/review/login", data={"name": name, "password": password, "csrf": csrf})
    return client, r


def page_csrf(client: httpx.Client, path: str = "/review") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


@dataclass
class XssPacket:
    precheck_id: str
    packet_id: str


@pytest.fixture(scope="module")
def xss_packet(service: Service) -> XssPacket:
    """A born-digital packet carrying <script> in its enterprise name, a file name and a cell (a
    roster's job title, twice under one employee number so a flag cites its rows)."""
    files, _ = build_files(two_plus_benefit_spec(61))
    manifest = json.loads(files["manifest.json"])
    manifest.update(enterprise_name=XSS_ENTERPRISE, packet_id="security-xss")
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
    files[XSS_FILE] = b"\x00\xff\xfe not a table \x01"
    files[XSS_ROSTER] = ("员工花名册\n工号,姓名,部门,岗位,在岗状态\n"
                         f"X001,王五,一车间,{XSS_CELL},在岗\nX001,赵六,一车间,{XSS_CELL},在岗\n").encode()
    r = httpx.post(f"{service.base}/v1/prechecks", headers=service.auth(), timeout=60,
                   files=[("files", (n, b)) for n, b in files.items()])
    assert r.status_code == 202, r.text
    done = httpx.get(f"{service.base}/v1/prechecks/{r.json()['id']}", params={"wait": 60}, headers=service.auth(),
                     timeout=90).json()
    assert done["status"] == "done", done
    return XssPacket(done["id"], done["verdict"]["packet_id"])


@pytest.fixture(scope="module")
def reviewer(service: Service) -> Iterator[httpx.Client]:
    _add_user(service.env, "sec-reviewer", "reviewer")
    client, r = login(service.base, "sec-reviewer")
    assert r.status_code == 303, r.text
    yield client
    client.close()


@pytest.fixture(scope="module")
def admin(service: Service) -> Iterator[httpx.Client]:
    _add_user(service.env, "sec-admin", "admin")
    client, r = login(service.base, "sec-admin")
    assert r.status_code == 303, r.text
    yield client
    client.close()


@dataclass
class ProductionService:
    serve: ServeProcess
    env: dict[str, str]
    data_dir: Path
    token: str


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProductionService]:
    """A serve outside development (EVIDENCE_ENV=production, a secret key), no workers: cookies
    and error answers as deployed."""
    root = tmp_path_factory.mktemp("prod")
    env = service_env(root / "var", EVIDENCE_ENV="production", EVIDENCE_SECRET_KEY="s" * 48)
    token = add_token(env, "prod-portal")
    _add_user(env, "prod-reviewer", "reviewer")
    serve = ServeProcess(env, workers=0, log_path=root / "serve.log").start()
    try:
        serve.wait_ready(token, workers=0)
        yield ProductionService(serve, env, root / "var", token)
    finally:
        serve.stop()


def raw_get(base: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """GET `path` exactly as written (httpx would normalise `..` and percent-escapes)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


# -- secrets only as hashes -------------------------------------------------------------------------


def _database_bytes(data_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(data_dir.glob("evidence.db*")))


def test_tokens_passwords_and_session_ids_are_stored_only_as_hashes(service: Service,
                                                                    reviewer: httpx.Client) -> None:
    session_id = reviewer.cookies.get("ec_session")
    assert session_id
    raw = _database_bytes(service.data_dir)
    for secret in [*service.tokens.values(), PASSWORD, session_id]:
        assert secret.encode() not in raw, "a secret is stored in the clear"
    with sqlite3.connect(service.data_dir / "evidence.db") as db:
        tokens = db.execute("select name, token_hash from api_tokens").fetchall()
        users = dict(db.execute("select name, password_hash from users").fetchall())
        sessions = [r[0] for r in db.execute("select id_hash from review_sessions")]
    assert tokens and all(re.fullmatch(r"[0-9a-f]{64}", h) for _, h in tokens)
    assert not {h for _, h in tokens} & set(service.tokens.values())
    assert users["sec-reviewer"].startswith("$argon2id$")  # salted: the salt is inside the hash
    assert session_id not in sessions and len(sessions) >= 1
    # and the token still works (the hash is what authenticates)
    assert httpx.get(f"{service.base}/v1/prechecks/pc_x", headers=service.auth()).status_code == 404


# -- cookies ----------------------------------------------------------------------------------------


def _set_cookies(r: httpx.Response) -> dict[str, SimpleCookie]:
    out = {}
    for header in r.headers.get_list("set-cookie"):
        c = SimpleCookie()
        c.load(header)
        out.update({k: c for k in c})
    return out


def test_session_cookies_are_httponly_samesite_and_secure_outside_development(
        service: Service, production: ProductionService) -> None:
    for base, name, secure in ((service.base, None, False), (production.serve.base, "prod-reviewer", True)):
        if name is None:
            _add_user(service.env, "cookie-reviewer", "reviewer")
            name = "cookie-reviewer"
        login_page = httpx.get(f"{base}/review/login")
        form = _set_cookies(login_page)["ec_login_csrf"]["ec_login_csrf"]
        assert form["httponly"] and form["samesite"].lower() == "strict"
        assert bool(form["secure"]) is secure, (base, form.output())
        csrf = re.search(r'name="csrf" value="([^"]+)"', login_page.text).group(1)
        r = httpx.post(f"{base}/review/login", data={"name": name, "password": PASSWORD, "csrf": csrf},
                       cookies={"ec_login_csrf": form.value})
        assert r.status_code == 303, r.text
        session = _set_cookies(r)["ec_session"]["ec_session"]
        assert session["httponly"] and session["samesite"].lower() in ("lax", "strict")
        assert bool(session["secure"]) is secure, (base, session.output())
        assert session["path"] == "/"


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = service_env(tmp_path / "var", EVIDENCE_ENV="production")
    proc = cli(["serve", "--port", "9"], env)
    assert proc.returncode == 2 and "EVIDENCE_SECRET_KEY" in proc.stderr + proc.stdout


# -- CSRF -------------------------------------------------------------------------------------------

FORMS = {"/review/login", "/review/logout", "/review/flags/{key}/decision", "/review/packets/{packet_id}/takeover",
         "/review/users"}


def test_every_form_is_in_the_csrf_test() -> None:
    """A new POST under /review fails here until test_csrf_on_every_form covers it."""
    posts = {r.path for r in _app_routes() if "POST" in r.methods and r.path.startswith("/review")}
    assert posts == FORMS


def _flag(service: Service, packet_id: str, code: str, file: str | None = None) -> dict:
    """The packet's first flag of `code` (citing `file`, if given)."""
    flags = httpx.get(f"{service.base}/v1/packets/{packet_id}/flags", headers=service.auth("reviewer"),
                      timeout=60).json()
    return next(f for f in flags if f["code"] == code and (file is None or any(
        e["file"] == file for e in f["evidence"])))


def test_csrf_on_every_form(service: Service, xss_packet: XssPacket, reviewer: httpx.Client,
                            admin: httpx.Client) -> None:
    pid = xss_packet.packet_id
    flag = _flag(service, pid, "UNREADABLE_DOCUMENT")
    good = page_csrf(reviewer)
    forms = {
        "/review/flags/{key}/decision": (reviewer, f"/review/flags/{flag['id']}/decision",
                                         {"action": "accept", "packet_id": pid, "version": str(flag["version"]),
                                          "comment": "csrf probe"}),
        "/review/packets/{packet_id}/takeover": (reviewer, f"/review/packets/{pid}/takeover", {}),
        "/review/users": (admin, "/review/users", {"name": "csrf-made", "role": "reviewer", "password": "x" * 12}),
        "/review/logout": (reviewer, "/review/logout", {}),
    }
    assert set(forms) | {"/review/login"} == FORMS
    for route, (client, path, data) in forms.items():
        for csrf in (None, "", "wrong-" + good, good[:-1]):
            body = dict(data) if csrf is None else {**data, "csrf": csrf}
            r = client.post(path, data=body)
            assert r.status_code in (403, 422), (route, csrf, r.status_code, r.text[:200])
            if r.status_code == 403:
                assert "CSRF" in r.json()["detail"]
        # the same form from another site: the browser sends the cookie, not the page's token
        r = httpx.post(f"{service.base}{path}", data={**data, "csrf": "forged"},
                       cookies={"ec_session": client.cookies["ec_session"]})
        assert r.status_code == 403, route
    # nothing happened: the flag is open, no user was made, the session still works
    assert _flag(service, pid, "UNREADABLE_DOCUMENT")["status"] == "open"
    assert "csrf-made" not in admin.get("/review/users").text
    assert reviewer.get("/review").status_code == 200
    # the login form: its token must match the cookie the login page set
    client = httpx.Client(base_url=service.base, follow_redirects=False)
    page = client.get("/review/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    creds = {"name": "sec-reviewer", "password": PASSWORD}
    assert client.post("/review/login", data={**creds, "csrf": "x" + token}).status_code == 403
    assert httpx.post(f"{service.base}/review/login", data={**creds, "csrf": token}).status_code == 403  # no cookie
    assert httpx.post(f"{service.base}/review/login", data={**creds, "csrf": ""},
                      cookies={"ec_login_csrf": ""}).status_code in (403, 422)
    assert client.post("/review/login", data={**creds, "csrf": token}).status_code == 303  # the real one works


# -- output escaping --------------------------------------------------------------------------------


def _no_raw_script(html: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """Every `<script` tag in `html` that is not one of `allowed` (the page's own)."""
    tags = re.findall(r"<script[^>]*>", html, flags=re.I)
    return [t for t in tags if t not in allowed]


OWN_SCRIPT = ('<script src="/review/static/review.js">',)


def test_script_in_a_cell_a_file_name_and_an_enterprise_name_is_escaped(service: Service, xss_packet: XssPacket,
                                                                       reviewer: httpx.Client) -> None:
    pid = xss_packet.packet_id
    pages = {}
    pages["queue"] = reviewer.get("/review").text
    for code, file in (("UNREADABLE_DOCUMENT", XSS_FILE), ("DUPLICATE_RECORD", XSS_ROSTER),
                       ("IDENTITY_MISMATCH", None)):
        flag = _flag(service, pid, code, file)
        pages[code] = reviewer.get(f"/review/packets/{pid}", params={"flag": flag["id"]}).text
    # a decision whose comment holds a script, then the audit page
    unreadable = _flag(service, pid, "UNREADABLE_DOCUMENT", XSS_FILE)
    r = reviewer.post(f"/review/flags/{unreadable['id']}/decision",
                      data={"csrf": page_csrf(reviewer), "action": "accept", "packet_id": pid,
                            "version": str(unreadable["version"]), "comment": XSS_COMMENT})
    assert r.status_code == 303, r.text
    pages["audit"] = reviewer.get(f"/review/packets/{pid}/audit").text
    for name, html in pages.items():
        assert _no_raw_script(html, OWN_SCRIPT) == [], name
        assert "alert(" in html, name  # the hostile text is there, escaped
    assert "&lt;script&gt;alert(&#39;enterprise&#39;)" in pages["queue"]
    assert "&lt;script&gt;alert(&#39;file&#39;)" in pages["UNREADABLE_DOCUMENT"]
    assert "&lt;script&gt;alert(&#39;cell&#39;)" in pages["DUPLICATE_RECORD"]
    assert "&lt;script&gt;alert(&#39;enterprise&#39;)" in pages["IDENTITY_MISMATCH"]
    assert "&lt;script&gt;alert(&#39;comment&#39;)" in pages["audit"]

    report = httpx.get(f"{service.base}/v1/prechecks/{xss_packet.precheck_id}/report", headers=service.auth())
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert _no_raw_script(report.text) == []
    assert "&lt;script&gt;alert(" in report.text and "enterprise" in report.text and "file" in report.text
    # defence in depth: the report may run no script at all, the pages only their own
    assert "script-src" not in report.headers["content-security-policy"]
    assert "default-src 'none'" in report.headers["content-security-policy"]
    assert "script-src 'self'" in reviewer.get("/review").headers["content-security-policy"]
    assert report.headers["x-content-type-options"] == "nosniff"
    # the JSON routes carry the text as data, served as JSON (never sniffed as HTML)
    facts = httpx.get(f"{service.base}/v1/prechecks/{xss_packet.precheck_id}/facts", headers=service.auth())
    assert facts.headers["content-type"].startswith("application/json")
    assert facts.headers["x-content-type-options"] == "nosniff"
    assert XSS_CELL in facts.text


# -- path traversal ---------------------------------------------------------------------------------

TRAVERSALS = [
    "..", "%2e%2e", "%2E%2E", "..%2F..%2Ffacts", "%2e%2e%2f%2e%2e%2fverdict", "..%5C..%5Cverdict",
    "..\\..\\verdict", "%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "C:%5Cwindows%5Cwin",
    "....%2F%2Fverdict", "%252e%252e%252fverdict", "doc01-p001%00", ".hidden",
]


def _leaks(body: bytes) -> bool:
    return any(s in body for s in (b"root:", b'"schema_version"', b'"indicators"', b"SQLite format", b"import "))


def test_no_path_traversal_through_page_image_report_or_static_urls(service: Service, xss_packet: XssPacket,
                                                                     reviewer: httpx.Client) -> None:
    pc, pid = xss_packet.precheck_id, xss_packet.packet_id
    token = {"Authorization": f"Bearer {service.tokens['reviewer']}"}
    cookie = {"Cookie": f"ec_session={reviewer.cookies['ec_session']}"}
    checked = 0
    for bad in TRAVERSALS:
        for path, headers in (
            (f"/v1/prechecks/{pc}/pages/{bad}.png", token),
            (f"/v1/prechecks/{pc}/pages/{bad}/x.png", token),
            (f"/v1/packets/{pid}/pages/{bad}.png", token),
            (f"/review/packets/{pid}/pages/{bad}.png", cookie),
            (f"/v1/prechecks/{bad}/report", token),
            (f"/v1/prechecks/{bad}/facts", token),
            (f"/v1/prechecks/{pc}/{bad}/report", token),
            (f"/review/static/{bad}/app.py", {}),
            (f"/review/static/{bad}%2F{bad}%2Fapi%2Fapp.py", {}),
            (f"/review/static/{bad}/{bad}/models/settings.py", {}),
        ):
            status, body = raw_get(service.base, path, headers)
            checked += 1
            assert status in (400, 404, 405, 422), (path, status, body[:120])
            assert not _leaks(body), (path, body[:200])
    assert checked == len(TRAVERSALS) * 10
    # absolute paths: a doubled slash is not a way out either
    for path in ("//etc/passwd", f"/v1/prechecks/{pc}/pages//etc/passwd.png", "/review/static//etc/passwd"):
        status, body = raw_get(service.base, path, token)
        assert status in (400, 404, 405) and not _leaks(body), (path, status)
    # the real ones still answer
    assert raw_get(service.base, f"/v1/prechecks/{pc}/report", token)[0] == 200
    assert raw_get(service.base, "/review/static/review.js")[0] == 200


# -- upload limits ----------------------------------------------------------------------------------


def test_upload_limits(service: Service) -> None:
    # a declared length over the limit is refused before the body is read
    host, port = service.base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.putrequest("POST", "/v1/prechecks")
    conn.putheader("Authorization", f"Bearer {service.tokens['portal']}")
    conn.putheader("Content-Type", "multipart/form-data; boundary=b")
    conn.putheader("Content-Length", str(10 * 1024 ** 3))
    conn.endheaders()
    resp = conn.getresponse()
    assert resp.status == 413 and f"{MAX_UPLOAD_MB} MB" in json.loads(resp.read())["detail"]
    conn.close()
    # more `files` parts than the member limit: 422, nothing queued
    r = httpx.post(f"{service.base}/v1/prechecks", headers=service.auth(), timeout=60,
                   files=[("files", (f"{i}.csv", b"a\n")) for i in range(2001)])
    assert r.status_code == 422 and "2000" in r.json()["detail"]
    # too many plain fields, and two parts with one name
    r = httpx.post(f"{service.base}/v1/prechecks", headers=service.auth(), timeout=60,
                   data={f"f{i}": "x" for i in range(50)}, files={"packet": ("p.zip", b"PK\x05\x06" + bytes(18))})
    assert r.status_code == 422
    r = httpx.post(f"{service.base}/v1/prechecks", headers=service.auth(), timeout=60,
                   files=[("files", ("a/b.csv", b"1")), ("files", ("./a//b.csv", b"2"))])
    assert r.status_code == 422 and "two files" in r.json()["detail"]


# -- error answers ----------------------------------------------------------------------------------


def _clean_error(body: bytes, *paths: Path) -> list[str]:
    text = body.decode("utf-8", errors="replace")
    found = [s for s in ("Traceback", 'File "', '.py"', str(REPO), "/tmp/", "/work/", "site-packages")
             if s in text]
    found += [str(p) for p in paths if str(p) in text]
    return found


def _forge_done_precheck(production: ProductionService, verdict: bytes, status: str = "done",
                         error: str | None = None) -> str:
    """A pre-check row as a worker leaves it, with a results file as given (a corrupt verdict forces
    the 500 path; a failed row's error text as a worker may write it)."""
    from storage.db import Precheck, open_database
    from storage.db import queue as q
    from storage.db.tables import PrecheckSource

    db = open_database(f"sqlite:///{(production.data_dir / 'evidence.db').resolve()}")
    pid = q.new_precheck_id()
    with db.session() as s:
        s.add(Precheck(id=pid, status=status, source=PrecheckSource.UPLOAD.value,
                       packet_location=f"prechecks/{pid}/packet/", members=["manifest.json"], token_name="prod-portal",
                       request_hash="0" * 64, attempts=1, created_at=q.now(), finished_at=q.now(), error=error))
    db.engine.dispose()
    results = production.data_dir / "prechecks" / pid / "results"
    results.mkdir(parents=True)
    (results / "verdict.json").write_bytes(verdict)
    return pid


def test_errors_carry_no_traceback_or_path(production: ProductionService) -> None:
    base, auth = production.serve.base, {"Authorization": f"Bearer {production.token}"}
    roots = (production.data_dir, production.data_dir.resolve(), REPO)
    # a 500: a corrupt verdict in the store
    broken = _forge_done_precheck(production, b'{"schema_version": 1, "packet_id": ')
    r = httpx.get(f"{base}/v1/prechecks/{broken}", headers={**auth, "X-Request-ID": "sec-500"})
    assert r.status_code == 500 and r.headers["content-type"] == "application/json"
    assert r.json()["detail"].startswith("internal error") and "sec-500" in r.json()["detail"]
    assert _clean_error(r.content, *roots) == []
    assert r.headers["x-request-id"] == "sec-500"
    assert "Traceback" in production.serve.log_text() and "sec-500" in production.serve.log_text()  # kept for ops
    # a failed pre-check whose worker error names a server path
    leaked = f"FileNotFoundError: [Errno 2] No such file or directory: '{production.data_dir}/prechecks/x/packet/a.csv'"
    failed = _forge_done_precheck(production, b"{}", status="failed", error=leaked)
    body = httpx.get(f"{base}/v1/prechecks/{failed}", headers=auth).json()
    assert body["status"] == "failed" and body["error"].startswith("FileNotFoundError")
    assert _clean_error(json.dumps(body).encode(), *roots) == []
    answers = {
        "404 route": httpx.get(f"{base}/v1/no-such-route", headers=auth),
        "404 pre-check": httpx.get(f"{base}/v1/prechecks/pc_nope/report", headers=auth),
        "422 query": httpx.get(f"{base}/v1/prechecks/{broken}", params={"wait": "soon"}, headers=auth),
        "422 malformed JSON": httpx.post(f"{base}/v1/prechecks", content=b'{"bucket_key": ', headers={
            **auth, "Content-Type": "application/json"}),
        "422 malformed JSON body": httpx.post(f"{base}/v1/flags/x/decision", content=b"{action: accept",
                                              headers={"Authorization": f"Bearer {production.token}",
                                                       "Content-Type": "application/json"}),
        "422 multipart": httpx.post(f"{base}/v1/prechecks", content=b"--b\r\nbroken", headers={
            **auth, "Content-Type": "multipart/form-data; boundary=b"}),
        "405": httpx.delete(f"{base}/v1/prechecks", headers=auth),
        "401": httpx.get(f"{base}/v1/prechecks/x", headers={"Authorization": "Bearer nope"}),
        "readyz": httpx.get(f"{base}/readyz", headers=auth),
    }
    for what, r in answers.items():
        code = what.split()[0]
        if code.isdigit():
            assert r.status_code == int(code) or (what.endswith("JSON body") and r.status_code == 403), (what, r.text)
        assert _clean_error(r.content, *roots) == [], (what, r.text[:300])
