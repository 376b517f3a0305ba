"""The review routes of SPEC §6b against the real `serve` process: the queue, flags with stable ids,
decisions (accept/correct/reject, 409, 422), verdict versions, the audit, leases and roles."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import Service
from tests.api.service import zip_folder
from tests.packetgen import generate_packet, two_plus_benefit_spec

NET = "equipment_networking_rate"


@pytest.fixture(scope="module")
def reviewed(service: Service, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A packet one networked device short of passing (three devices claimed without logs)."""
    spec = two_plus_benefit_spec(41)
    spec = spec.model_copy(update={"knobs": spec.knobs.model_copy(
        update={"networked_supported": 41, "networked_unsupported": 3})})
    folder = tmp_path_factory.mktemp("review") / "near-miss"
    truth = generate_packet(spec, folder)
    r = httpx.post(f"{service.base}/v1/prechecks", headers=service.auth("portal"),
                   files={"packet": ("near-miss.zip", zip_folder(folder), "application/zip")}, timeout=60)
    assert r.status_code == 202, r.text
    done = httpx.get(f"{service.base}{r.json()['links']['self']}?wait=60", headers=service.auth(), timeout=90).json()
    assert done["status"] == "done", done
    assert done["verdict"]["passed"] is False
    return {"packet_id": done["verdict"]["packet_id"], "truth": truth}


def _get(service: Service, path: str, who: str = "reviewer", **params) -> httpx.Response:  # noqa: ANN003
    return httpx.get(f"{service.base}{path}", headers=service.auth(who), params=params, timeout=60)


def _decide(service: Service, flag_id: str, who: str = "reviewer", **body) -> httpx.Response:  # noqa: ANN003
    return httpx.post(f"{service.base}/v1/flags/{flag_id}/decision", headers=service.auth(who), json=body, timeout=60)


def test_review_walk(service: Service, reviewed: dict) -> None:
    pid = reviewed["packet_id"]
    queue = _get(service, "/v1/packets", needs_review="true").json()
    row = next(p for p in queue if p["id"] == pid)
    assert row["open_errors"] == 3 and row["needs_review"] is True
    assert _get(service, "/v1/packets", code="NETWORK_DATA_INSUFFICIENT").json()[0]["id"] == pid

    flags = _get(service, f"/v1/packets/{pid}/flags").json()
    net = [f for f in flags if f["code"] == "NETWORK_DATA_INSUFFICIENT"]
    assert len(net) == 3 and all(f["status"] == "open" for f in net)
    # each of them alone would flip the verdict (one device short): they come first
    assert all(f["can_change_verdict"] for f in net)
    assert flags[: len(net)] == net or all(f["can_change_verdict"] for f in flags[:3])
    assert {f["id"] for f in _get(service, f"/v1/packets/{pid}/flags").json()} == {f["id"] for f in flags}  # stable

    # comment required for reject and correct; a value of the wrong type is refused
    assert _decide(service, net[0]["id"], action="reject").status_code == 422
    assert _decide(service, net[0]["id"], action="correct", value={"quantity": "many"},
                   comment="数量").status_code == 422
    # a stale version → 409
    assert _decide(service, net[0]["id"], action="accept", expected_version=net[0]["version"] + 5).status_code == 409

    # correct: the device's quantity was misread → the indicator's value changes, not the verdict
    r = _decide(service, net[1]["id"], action="correct", value={"quantity": 0}, comment="该设备已报废，数量应为0",
                expected_version=net[1]["version"])
    assert r.status_code == 200, r.text
    v2 = r.json()
    assert v2["version"] == 2 and v2["passed"] is False and v2["review"]["decisions"] == 1
    assert v2["indicators"][NET]["value"] != 27.33

    # reject: a false alarm → the device counts as networked → the verdict flips
    r = _decide(service, net[0]["id"], action="reject", comment="现场核实设备已联网，采集记录另附")
    assert r.status_code == 200, r.text
    v3 = r.json()
    assert v3["version"] == 3 and v3["passed"] is True
    assert v3["review"] == {"decisions": 2, "open_errors": 1} and v3["needs_review"] is True

    # a resolved flag → 409
    assert _decide(service, net[0]["id"], action="accept").status_code == 409
    # accept the last error: no error open, the packet leaves the queue
    r = _decide(service, net[2]["id"], action="accept", comment="")
    assert r.status_code == 200, r.text
    assert r.json()["needs_review"] is False and r.json()["review"]["open_errors"] == 0
    assert pid not in {p["id"] for p in _get(service, "/v1/packets", needs_review="true").json()}

    # verdict versions: latest and the machine's
    assert _get(service, f"/v1/packets/{pid}/verdict").json()["version"] == 4
    v1 = _get(service, f"/v1/packets/{pid}/verdict", version=1).json()
    assert v1["version"] == 1 and v1["passed"] is False and v1["review"]["decisions"] == 0
    assert _get(service, f"/v1/packets/{pid}/verdict", version=3).json()["passed"] is True
    assert _get(service, f"/v1/packets/{pid}/verdict", version=9).status_code == 404

    statuses = {f["id"]: f["status"] for f in _get(service, f"/v1/packets/{pid}/flags").json()}
    assert [statuses[f["id"]] for f in net] == ["rejected", "corrected", "accepted"]

    audit = _get(service, f"/v1/packets/{pid}/audit").json()
    assert [a["action"] for a in audit] == ["correct", "reject", "accept"]
    rej = audit[1]
    assert rej["who"] == "t-reviewer" and rej["comment"].startswith("现场核实")
    assert rej["before"]["passed"] is False and rej["after"]["passed"] is True
    assert rej["after"]["indicators"][NET] > rej["before"]["indicators"][NET]
    assert audit[0]["value"] == {"quantity": 0}

    # the check's verdict.json is always the latest version; its report shows the review history
    pc = row["latest_precheck"]
    assert _get(service, f"/v1/prechecks/{pc}/verdict").json()["version"] == 4
    report = _get(service, f"/v1/prechecks/{pc}/report").text
    assert "review-history" in report and "现场核实设备已联网" in report

    # undo = a reversing decision: the flag reopens, the verdict flips back, history grows
    r = httpx.post(f"{service.base}/v1/flags/{net[0]['id']}/undo", headers=service.auth("reviewer"),
                   json={"comment": "误操作"}, timeout=60)
    assert r.status_code == 200 and r.json()["passed"] is False and r.json()["version"] == 5
    assert [a["action"] for a in _get(service, f"/v1/packets/{pid}/audit").json()][-1] == "undo"


def test_roles_and_leases(service: Service, reviewed: dict) -> None:
    pid = reviewed["packet_id"]
    assert _get(service, "/v1/packets", who="portal").status_code == 403
    assert _get(service, f"/v1/packets/{pid}/flags", who="portal").status_code == 403
    assert httpx.get(f"{service.base}/v1/packets/{pid}/audit", timeout=30).status_code == 401
    flag = _get(service, f"/v1/packets/{pid}/flags").json()[0]
    assert _decide(service, flag["id"], who="portal", action="accept").status_code == 403
    assert _decide(service, "0" * 16, action="accept").status_code == 404

    claim = httpx.post(f"{service.base}/v1/packets/{pid}/claim", headers=service.auth("reviewer"), timeout=30)
    assert claim.status_code == 200 and claim.json()["held_by"] == "t-reviewer"
    # a lead sees it held, and may take it over (audited)
    row = next(p for p in _get(service, "/v1/packets", who="lead").json() if p["id"] == pid)
    assert row["held_by"] == "t-reviewer" and row["held_until"]
    assert httpx.post(f"{service.base}/v1/packets/{pid}/claim", headers=service.auth("lead"),
                      timeout=30).status_code == 409
    took = httpx.post(f"{service.base}/v1/packets/{pid}/claim", headers=service.auth("lead"),
                      params={"take_over": "true"}, timeout=30)
    assert took.status_code == 200 and took.json()["held_by"] == "t-lead"
    assert _get(service, f"/v1/packets/{pid}/audit").json()[-1]["action"] == "takeover"
    # the reviewer's decisions are refused while the lead holds it
    open_flag = next(f for f in _get(service, f"/v1/packets/{pid}/flags").json() if f["status"] == "open")
    assert _decide(service, open_flag["id"], action="accept").status_code == 409


@pytest.mark.parametrize("name", ["..%2F..%2Fverdict", "%2e%2e", "doc01-p001%2F..%2F..%2Fx"])
def test_page_images_stay_inside(service: Service, reviewed: dict, name: str) -> None:
    r = httpx.get(f"{service.base}/v1/packets/{reviewed['packet_id']}/pages/{name}.png",
                  headers=service.auth("reviewer"), timeout=30)
    assert r.status_code == 404
