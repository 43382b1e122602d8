"""S3-compatible storage (MinIO, Ceph, a cloud) through ``STORAGE_URL``, against moto's S3
server on 127.0.0.1: uploads land in the bucket, a rollback deletes the object, the sweep
lists the bucket."""

from __future__ import annotations

import uuid
from datetime import timedelta

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from moto.server import ThreadedMotoServer

from motcua.documents import services
from motcua.documents.models import Document
from motcua.documents.tests import files
from motcua.settings import storage_from_url

KEYS = {"STORAGE_ACCESS_KEY": "motcua-test", "STORAGE_SECRET_KEY": "motcua-test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A fresh bucket, and the default storage pointed at it as ``STORAGE_URL`` would."""
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    name = f"motcua-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["STORAGE_ACCESS_KEY"],
        aws_secret_access_key=KEYS["STORAGE_SECRET_KEY"],
    )
    client.create_bucket(Bucket=name)
    url = f"s3://{name}/motcua?endpoint={s3_endpoint}&region=us-east-1&addressing=path"
    settings.STORAGES = {**settings.STORAGES, "default": storage_from_url(url)}
    yield client, name


def _keys(client, name) -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=name).get("Contents", [])]


def test_the_storage_url_names_bucket_prefix_endpoint_and_region(monkeypatch):
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)

    config = storage_from_url(
        "s3://ho-so/minhson?endpoint=https://minio.minhson.gov.vn:9000&region=vn-1"
    )

    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert (options["bucket_name"], options["location"]) == ("ho-so", "minhson")
    assert options["endpoint_url"] == "https://minio.minhson.gov.vn:9000"
    assert (options["region_name"], options["default_acl"]) == ("vn-1", "private")
    assert (options["access_key"], options["secret_key"]) == ("motcua-test", "motcua-test-secret")


@pytest.mark.parametrize(
    "url", ["s3://key:secret@ho-so?endpoint=https://x", "ftp://ho-so", "s3://"]
)
def test_a_storage_url_with_keys_inside_or_another_scheme_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="STORAGE_URL"):
        storage_from_url(url)


def test_an_empty_storage_url_means_the_filesystem():
    assert storage_from_url("")["BACKEND"] == "django.core.files.storage.FileSystemStorage"


@pytest.mark.django_db
def test_an_upload_through_the_api_lands_in_the_bucket(bucket, client, api_token, lan):
    s3, name = bucket
    content = files.a_pdf("Tờ khai")

    response = files.post_file(client, api_token(lan), "/files", content, "Tờ khai.pdf")

    assert response.status_code == 201, response.content
    document = Document.objects.get(pk=response.json()["id"])
    assert _keys(s3, name) == [f"motcua/{document.storage_name}"]
    stored = s3.get_object(Bucket=name, Key=f"motcua/{document.storage_name}")["Body"].read()
    assert stored == content
    assert services.read(document) == content


@pytest.mark.django_db
def test_a_rollback_deletes_the_object_from_the_bucket(bucket, lan):
    s3, name = bucket
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        services.upload(files.a_png(), "anh.png", actor=lan)
        assert len(_keys(s3, name)) == 1
        1 / 0  # noqa: B018 - any failure after the blob was written

    assert _keys(s3, name) == []


@pytest.mark.django_db
def test_the_sweep_finds_stray_objects_in_the_bucket(bucket, lan):
    s3, name = bucket
    kept = services.upload(files.a_png(), "anh.png", actor=lan)
    services.attach([kept], lan, role="component", actor=lan)
    default_storage.save("documents/2024/05/06/stray.pdf", ContentFile(b"%PDF-1.7"))

    swept = services.sweep_orphans(older_than=timedelta(0))

    assert swept.blobs == 1
    assert _keys(s3, name) == [f"motcua/{kept.storage_name}"]
