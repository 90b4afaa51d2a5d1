"""The suite's own shared helpers (tests/conftest.py)."""

from __future__ import annotations

import socket

import pytest
from conftest import SERVER_PORTS, free_port, skip_unless_installed


def test_a_free_port_is_below_the_kernels_ephemeral_range_and_can_be_bound():
    with open("/proc/sys/net/ipv4/ip_local_port_range") as fh:
        low = int(fh.read().split()[0])
    port = free_port()
    assert port in SERVER_PORTS and port < low
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


def test_no_free_port_is_an_error_that_names_the_range(monkeypatch):
    import conftest

    # ports below 60: taken here, or refused to a user who is not root; none is free either way
    monkeypatch.setattr(conftest, "SERVER_PORTS", range(1, 60))
    taken = []
    try:
        for port in range(1, 60):
            s = socket.socket()
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                s.close()
                continue
            taken.append(s)
        with pytest.raises(RuntimeError, match=r"no free port among 50 tried in range\(1, 60\)"):
            conftest.free_port()
    finally:
        for s in taken:
            s.close()


def test_a_missing_module_skips_the_test_module_without_importing_what_is_there():
    import sys

    with pytest.raises(pytest.skip.Exception, match="^no such thing here$"):
        skip_unless_installed("no_such_module_dtb", "no such thing here")
    sys.modules.pop("colorsys", None)
    assert skip_unless_installed("colorsys", "unused") is None
    assert "colorsys" not in sys.modules  # found, not imported
