"""Fixtures of the engine-layer tests: the care path's parsed processes."""

import pytest

from tests.unit.case_engine import load_bundle


@pytest.fixture(scope="module")
def bundle():
    return load_bundle("zorgpad_case")


@pytest.fixture(scope="module")
def followup():
    return load_bundle("zorgpad_absence_followup")


@pytest.fixture(scope="module")
def return_path():
    return load_bundle("zorgpad_return")
