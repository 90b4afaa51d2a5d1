"""The order in which `make test` hands test files to its pytest-xdist workers.

`make test` runs `--dist loadfile --no-loadscope-reorder`: every test file stays in one worker
(a notebook's nbval cells run in order in one kernel; a module-scoped fixture is built once),
and files are handed out in collection order to whichever worker is free. This hook puts the
files with the slowest kinds of test first (marked `browser`, `class` or `slow`, then the
nbval notebooks, then the rest), so that no long file starts last while the other worker
sits idle. Within a file the order is untouched; without xdist nothing changes.

(`--dist loadgroup` could split the big files further, but pytest-xdist 3.8 cannot name
groups under pytest 9.2, whose node ids it can no longer rewrite.)
"""

SLOW_MARKERS = ("browser", "class", "slow")


def _rank(item):
    if any(item.get_closest_marker(m) for m in SLOW_MARKERS):
        return 0
    return 1 if item.path.suffix == ".ipynb" else 2


def pytest_collection_modifyitems(config, items):
    if not hasattr(config, "workerinput"):  # only on xdist workers, all sorting alike
        return
    rank, first = {}, {}
    for index, item in enumerate(items):
        rank[item.path] = min(rank.get(item.path, 3), _rank(item))
        first.setdefault(item.path, index)
    order = sorted(range(len(items)),
                   key=lambda i: (rank[items[i].path], first[items[i].path], i))
    items[:] = [items[i] for i in order]
