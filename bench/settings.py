"""The production settings with the bench's bare view added to the URLs; nothing else."""

from hms_cert.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
