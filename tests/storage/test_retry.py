import pytest

from storage.errors import StorageAuthError, StorageUnavailable
from storage.retry import backoff_delays, with_retries


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
