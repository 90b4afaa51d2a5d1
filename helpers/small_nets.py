"""Renamed ``helpers.net_nout_nin``; this alias keeps old imports working for one release."""

from .net_nout_nin import *  # noqa: F403
