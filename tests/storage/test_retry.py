import pytest

from storage.errors import StorageAuthError, StorageUnavailable
from storage.retry import backoff_delays, until_back, with_retries


def test_backoff_doubles_and_is_capped():
    assert backoff_delays(6, base=0.5, cap=4.0) == [0.5, 1.0, 2.0, 4.0, 4.0]


def test_transient_errors_are_retried_with_backoff():
    calls, waits = [], []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise StorageUnavailable("down")
        return "ok"

    assert with_retries(flaky, attempts=4, sleep=waits.append) == "ok"
    assert waits == [0.5, 1.0]


def test_transient_errors_give_up_after_the_last_attempt():
    waits = []
    with pytest.raises(StorageUnavailable):
        with_retries(lambda: (_ for _ in ()).throw(StorageUnavailable("down")), attempts=3, sleep=waits.append)
    assert len(waits) == 2


def test_permanent_errors_are_not_retried():
    waits = []
    with pytest.raises(StorageAuthError):
        with_retries(lambda: (_ for _ in ()).throw(StorageAuthError("bad key")), attempts=4, sleep=waits.append)
    assert waits == []


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0
        self.waits: list[float] = []

    def sleep(self, s: float) -> None:
        self.waits.append(s)
        self.t += s

    def __call__(self) -> float:
        return self.t


def test_until_back_rides_out_an_outage_of_unknown_length():
    clock, calls = FakeClock(), []

    def write() -> str:
        calls.append(clock.t)
        if clock.t < 20:  # down for 20 s
            raise StorageUnavailable("connection refused")
        return "written"

    assert until_back(write, 60, sleep=clock.sleep, clock=clock) == "written"
    assert clock.waits[:4] == [0.5, 1.0, 2.0, 4.0] and max(clock.waits) <= 8.0
    assert len(calls) < 10  # backs off, does not hammer the server


def test_until_back_gives_up_after_its_bound_and_never_retries_permanent_errors():
    clock = FakeClock()
    with pytest.raises(StorageUnavailable):
        until_back(lambda: (_ for _ in ()).throw(StorageUnavailable("down")), 10, sleep=clock.sleep, clock=clock)
    assert clock.t == pytest.approx(10)
    clock = FakeClock()
    with pytest.raises(StorageAuthError):
        until_back(lambda: (_ for _ in ()).throw(StorageAuthError("bad key")), 10, sleep=clock.sleep, clock=clock)
    assert clock.waits == []
