"""AtomicFileSystemStorage: a file appears under its name whole, or not at all."""

import errno
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import TemporaryUploadedFile

from hms_cert.storage import AtomicFileSystemStorage


@pytest.fixture
def storage(tmp_path):
    return AtomicFileSystemStorage(location=tmp_path / "media")


def visible_files(storage):
    root = storage.location
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _, names in os.walk(root)
        for name in names
    )


def test_it_is_the_default_storage():
    default_storage.exists("x")  # the lazy object is built on first use
    assert isinstance(default_storage._wrapped, AtomicFileSystemStorage)


def test_saves_and_reads_back(storage):
    name = storage.save("certificates/2026/HMS-2026-00001.pdf", ContentFile(b"%PDF-1.7 x"))
    assert name == "certificates/2026/HMS-2026-00001.pdf"
    assert storage.open(name).read() == b"%PDF-1.7 x"
    assert visible_files(storage) == ["certificates/2026/HMS-2026-00001.pdf"]


def test_a_taken_name_is_never_overwritten(storage):
    first = storage.save("a.pdf", ContentFile(b"first"))
    second = storage.save("a.pdf", ContentFile(b"second"))
    assert first != second
    assert storage.open(first).read() == b"first"
    assert storage.open(second).read() == b"second"


def test_a_name_taken_between_the_check_and_the_save_is_not_overwritten(storage):
    """Two workers saving the same name at once: the one that links second gets another name."""
    storage.save("race.pdf", ContentFile(b"the other worker's"))

    name = storage._save("race.pdf", ContentFile(b"mine"))  # as if the check said "free"

    assert name != "race.pdf"
    assert storage.open("race.pdf").read() == b"the other worker's"
    assert storage.open(name).read() == b"mine"


def test_a_failure_half_way_leaves_no_file(storage):
    class DiskFull(ContentFile):
        def chunks(self, chunk_size=None):
            yield b"%PDF-1.7 the first part"
            raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        storage.save("certificates/half.pdf", DiskFull(b"ignored"))
    assert visible_files(storage) == []


def test_an_upload_spooled_to_a_temporary_file_is_moved_in(storage):
    upload = TemporaryUploadedFile("avtale.pdf", "application/pdf", 5, "utf-8")
    upload.write(b"%PDF-")
    upload.seek(0)
    name = storage.save("documents/avtale.pdf", upload)
    upload.close()
    assert storage.open(name).read() == b"%PDF-"
    assert visible_files(storage) == ["documents/avtale.pdf"]


def test_file_permissions_are_kept(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path, file_permissions_mode=0o640)
    name = storage.save("p.pdf", ContentFile(b"x"))
    assert os.stat(storage.path(name)).st_mode & 0o777 == 0o640


def test_a_file_system_without_hard_links_falls_back_to_rename(storage, monkeypatch):
    def no_links(source, target):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    first = storage.save("n.pdf", ContentFile(b"one"))
    second = storage.save("n.pdf", ContentFile(b"two"))
    assert (storage.open(first).read(), storage.open(second).read()) == (b"one", b"two")
    assert sorted(visible_files(storage)) == sorted([first, second])


def test_overwrite_when_the_storage_allows_it(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path, allow_overwrite=True)
    storage.save("o.pdf", ContentFile(b"old"))
    assert storage.save("o.pdf", ContentFile(b"new")) == "o.pdf"
    assert storage.open("o.pdf").read() == b"new"
    assert visible_files(storage) == ["o.pdf"]
