"""``make serve``'s pieces: gunicorn's configuration, collectstatic with the production
storage, and the real server answering /helse/ and hashed static files."""

import json
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from hms_cert.storage import StaticFilesStorage

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "hms_cert" / "gunicorn.conf.py"


def load_conf(monkeypatch, **env):
    for name in ("WEB_CONCURRENCY", "BIND", "GUNICORN_ACCESS_LOG", "GUNICORN_CONTROL_SOCKET"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_gunicorn_defaults(monkeypatch):
    conf = load_conf(monkeypatch)
    assert conf["workers"] == 2 * os.cpu_count() + 1
    assert conf["bind"] == ["127.0.0.1:8000"]
    assert conf["accesslog"] == "-"
    assert "%(h)s" not in conf["access_log_format"]  # no client address in the log
    assert conf["wsgi_app"] == "hms_cert.wsgi:application"
    assert conf["control_socket_disable"] is True


def test_gunicorn_from_the_environment(monkeypatch):
    conf = load_conf(monkeypatch, WEB_CONCURRENCY="3", BIND="0.0.0.0:9000", GUNICORN_ACCESS_LOG="")
    assert (conf["workers"], conf["bind"], conf["accesslog"]) == (3, ["0.0.0.0:9000"], None)


PRODUCTION_STATIC = {
    "default": {"BACKEND": "hms_cert.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "hms_cert.storage.StaticFilesStorage"},
}


def production_env(tmp: Path, **extra) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hms_cert.settings",
        "DEBUG": "false",
        "SECRET_KEY": "serve-test-" + "k" * 50,
        "HTTPS": "false",
        "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",  # /helse/ and / need no tables
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        **extra,
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    return env


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A folder collected by ``collectstatic`` as ``make serve`` runs it (DEBUG off).

    The admin's and the API docs' files (drf-spectacular-sidecar: swagger-ui and redoc, 3 MB
    of JavaScript) are left out: compressing them with Brotli takes about 17 s of CPU and
    proves nothing more. That every one of them is hashed and its references resolved is
    checked in-process below, without the compression.
    """
    tmp = tmp_path_factory.mktemp("serve")
    left_out = ["--ignore", "admin/*", "--ignore", "drf_spectacular_sidecar/*"]
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0", *left_out],
        cwd=ROOT,
        env=production_env(tmp),
        check=True,
    )
    return tmp


def test_collectstatic_with_the_production_storage(served):
    manifest = (served / "static" / "staticfiles.json").read_text()
    assert "css/hms." in manifest and "vendor/bootstrap/bootstrap.bundle.min." in manifest
    assert list((served / "static" / "css").glob("hms.*.css.gz"))
    assert not list((served / "static").rglob("*.map.br"))  # source maps stay as they are


def test_the_production_storage_gives_each_file_its_hashed_url_every_time(served):
    manifest = json.loads((served / "static" / "staticfiles.json").read_text())["paths"]
    storage = StaticFilesStorage(location=served / "static", base_url="/static/")
    for _ in range(2):
        assert storage.url("css/hms.css") == f"/static/{manifest['css/hms.css']}"
        assert storage.url("js/hms.js") == f"/static/{manifest['js/hms.js']}"
    for _ in range(2):
        with pytest.raises(ValueError, match=r"nowhere\.css"):
            storage.url("css/nowhere.css")


def test_every_static_file_is_hashed_by_the_production_storage(settings, tmp_path, monkeypatch):
    """All of them, the admin's and the API docs' too: each reference a file makes resolves.

    Compression is what the subprocess above shows; here it is left out (it only costs time).
    """
    monkeypatch.setattr(StaticFilesStorage, "compress_files", lambda self, paths: iter(()))
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = PRODUCTION_STATIC
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    for name in (
        "css/hms.css",
        "admin/css/base.css",
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js",
    ):
        assert manifest[name] != name  # hashed


def test_a_missing_file_other_than_a_source_map_still_stops_collectstatic(settings, tmp_path):
    source = tmp_path / "src"
    (source / "css").mkdir(parents=True)
    (source / "css" / "a.css").write_text("body { background: url('../img/missing.png'); }")
    settings.STATICFILES_DIRS = [source]
    settings.INSTALLED_APPS = [
        app for app in settings.INSTALLED_APPS if app != "django.contrib.admin"
    ]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = PRODUCTION_STATIC

    with pytest.raises(ValueError, match=r"missing\.png"):
        call_command("collectstatic", interactive=False, verbosity=0)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str):
    return urllib.request.urlopen(url, timeout=5)  # noqa: S310 - loopback only


def test_the_production_server_answers(served):
    """gunicorn with our configuration, DEBUG off: health, a page and hashed static files."""
    port = _free_port()
    env = production_env(served, BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(CONF)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = _get(f"http://127.0.0.1:{port}/helse/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert health.status == 200
        assert health.read() == b'{"status": "ok", "database": "ok", "storage": "ok"}'

        home = _get(f"http://127.0.0.1:{port}/").read().decode()
        css = next(part.split('"')[0] for part in home.split('href="')[1:] if "hms." in part)
        assert css.startswith("/static/css/hms.") and css.endswith(".css")  # hashed name
        static = _get(f"http://127.0.0.1:{port}{css}")
        assert static.status == 200
        assert "immutable" in static.headers["Cache-Control"]
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "msg=request method=GET path=/helse/" not in output  # a passing probe: DEBUG only
    assert "msg=request method=GET path=/ status=200" in output
    assert 'logger=gunicorn.access method=GET path="/helse/" status=200' in output
