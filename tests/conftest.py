import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads and rendered PDFs go to a throwaway folder in every test."""
    settings.MEDIA_ROOT = tmp_path / "media"
