"""Shared test helpers."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_builder():
    """The static-site builder, ``course.site``."""
    from course import site

    return site
