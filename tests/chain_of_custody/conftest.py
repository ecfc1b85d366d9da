"""Fixtures for the custody tests."""

import sys
from pathlib import Path

import pytest

# The test modules import their helpers as ``custody_testing``, whether or not the
# test folders are packages.
sys.path.insert(0, str(Path(__file__).parent))

from chain_of_custody import signing


@pytest.fixture
def signing_key(settings, tmp_path):
    """A fresh checkpoint signing key in a file of this test's own."""
    settings.INDISPUTABLE_CUSTODY_SIGNING_KEY = str(tmp_path / "custody-signing.key")
    settings.INDISPUTABLE_TSA_URLS = []
    return signing.generate_key()
