"""Storages: uploads and certificate PDFs (whole files or none), and static files.

``AtomicFileSystemStorage`` is the local storage for uploads and certificate PDFs whose files
appear whole or not at all.

Django's ``FileSystemStorage`` writes straight into the final name, so a full disk or a worker
killed half-way leaves a truncated file under a real name: a certificate PDF whose SHA-256 no
longer matches, an upload that cannot be opened, and a name the next save must avoid. This one
writes to a hidden ``.<random>.part`` file in the same folder and links it into place only when
every byte is written; on failure the partial file is removed. A hard crash (power, SIGKILL)
may leave a ``.part`` file behind, never a wrong file under a real name; ``.part`` files older
than a day can be deleted at any time.

For S3-compatible storage the object store gives the same guarantee itself (an object is
visible only after its upload completed); see docs/production.md.
"""

import contextlib
import errno
import os
import secrets

from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK}


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        directory = os.path.dirname(name)
        partial = os.path.join(directory, f".{secrets.token_hex(12)}.part")
        try:
            partial = super()._save(partial, content)
        except BaseException:
            self._remove(partial)
            raise
        try:
            return self._move_into_place(partial, name)
        finally:
            self._remove(partial)

    def _move_into_place(self, partial: str, name: str) -> str:
        """Give the complete file its name; never replace another file unless allowed."""
        while True:
            target = self.path(name)
            try:
                if self._allow_overwrite:
                    os.replace(self.path(partial), target)
                else:
                    # A hard link fails if the name is taken: no other file is overwritten,
                    # even by a concurrent save under the same name.
                    os.link(self.path(partial), target)
                return name.replace("\\", "/")
            except FileExistsError:
                name = self.get_available_name(name)
            except OSError as error:
                if error.errno not in _NO_HARD_LINKS:
                    raise
                # A file system without hard links (some network mounts): rename instead,
                # after checking the name is free. Still atomic for readers.
                if os.path.exists(target):
                    name = self.get_available_name(name)
                    continue
                os.rename(self.path(partial), target)
                return name.replace("\\", "/")

    def _remove(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.remove(self.path(name))


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's hashed, compressed static files; a missing source map is not an error.

    The vendored ``bootstrap.bundle.min.js`` ends in ``//# sourceMappingURL=…js.map`` and the
    map is not shipped (it is a debugging aid of 300 kB). Django's manifest storage refuses
    to collect a file whose references it cannot hash; a missing ``.map`` is left as written,
    any other missing file (an image, a font, an imported stylesheet) still stops
    ``collectstatic``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        """The hashed URL of ``name``, looked up once a process.

        The manifest is read when the storage is made and does not change while the process
        runs; every page asks for the same five names, at 0.05 ms each (manifest lookup,
        name cleaning, URL joining). A name missing from the manifest still raises each time.
        """
        if force:
            return super().url(name, force)
        if name not in self._urls:
            self._urls[name] = super().url(name)
        return self._urls[name]

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            try:
                return convert(matchobj)
            except ValueError:
                if matchobj["url"].split("?")[0].endswith(".map"):
                    return matchobj["matched"]
                raise

        return converter


def s3_storage_from_env(env) -> dict | None:
    """The S3 storage for uploads and PDFs when ``AWS_STORAGE_BUCKET_NAME`` is set, else None.

    A setting, not an edit of settings.py: the bucket, the endpoint (MinIO, Ceph, moto) and
    the keys come from the environment; django-storages is the optional extra ``s3``
    (``pip install ".[s3]"``). Objects are private, never overwritten, and appear only when
    their upload completed, which is the guarantee ``AtomicFileSystemStorage`` gives locally.
    """
    bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    if not bucket:
        return None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",  # PDFs and uploads are never public objects
            "querystring_auth": True,  # no URL without a signature (downloads go via the app)
            "file_overwrite": False,  # a certificate PDF is never replaced
        },
    }


def _walk(storage, folder: str):
    """Every file name under ``folder`` through the storage API (local folder or S3)."""
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        yield f"{folder}/{name}" if folder else name
    for child in folders:
        yield from _walk(storage, f"{folder}/{child}" if folder else child)


def orphan_files_sweep(*, storage, folders, referenced: set[str], older_than, now) -> list[str]:
    """Delete files under ``folders`` that no row refers to and that are older than ``older_than``.

    A worker killed (SIGKILL, out of memory) after a file was stored but before its
    transaction committed leaves a file no row refers to; so does an unfinished ``.part``
    write. The age keeps files of requests still running safe: no request lives longer
    than gunicorn's timeout, far below the hour used by ``sweep_orphan_files``.
    """
    removed = []
    for folder in folders:
        for name in _walk(storage, folder):
            if name in referenced or storage.get_modified_time(name) > now - older_than:
                continue
            storage.delete(name)
            removed.append(name)
    return removed
