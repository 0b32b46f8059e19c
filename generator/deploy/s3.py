"""An S3-compatible bucket as a deploy target (Alibaba OSS, Tencent COS, Huawei OBS, MinIO, AWS).

One client, boto3, for all of them: the endpoint, bucket, prefix and region come from
data/site.toml (`[[deploy.targets]] kind = "s3"`), the keys from the environment variables the
target names (docs/deploy.md). Objects are uploaded a few at a time; each carries its headers
(objects.py) and its digest as metadata, so an operator can see which build an object came from.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor, as_completed

from generator.config.publishing import S3Target
from generator.deploy.objects import MANIFEST_KEY, SiteObject
from generator.errors import FetchError

PARALLEL = 8
_DELETE_BATCH = 1000  # the most keys one DeleteObjects request takes


class S3Store:
    def __init__(self, target: S3Target, env: dict | None = None):
        import boto3
        from botocore.config import Config

        env = os.environ if env is None else env
        missing = [v for v in (target.key_id_env, target.secret_key_env) if not env.get(v)]
        if missing:
            raise FetchError(f"{target.name}: 缺少密钥环境变量 / secret not set: {', '.join(missing)}")
        self.name = target.name
        self.precompressed = target.precompressed
        self.bucket = target.bucket
        self.prefix = target.prefix
        self.client = boto3.client(
            "s3",
            endpoint_url=target.endpoint,
            region_name=target.region,
            aws_access_key_id=env[target.key_id_env],
            aws_secret_access_key=env[target.secret_key_env],
            config=Config(
                s3={"addressing_style": target.addressing},
                retries={"max_attempts": 5, "mode": "standard"},
                # OSS, COS and OBS refuse the CRC checksums newer SDKs add to every upload.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
                max_pool_connections=PARALLEL,
            ),
        )

    def listing(self) -> dict[str, int]:
        found = {}
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        for page in pages:
            for item in page.get("Contents", ()):
                found[item["Key"][len(self.prefix) :]] = item["Size"]
        return found

    def read_manifest(self) -> bytes | None:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.prefix + MANIFEST_KEY)["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None

    def _put(self, obj: SiteObject) -> str:
        extra = {"ContentEncoding": obj.content_encoding} if obj.content_encoding else {}
        self.client.put_object(
            Bucket=self.bucket,
            Key=self.prefix + obj.key,
            Body=obj.body(),
            ContentType=obj.content_type,
            CacheControl=obj.cache_control,
            Metadata={"sha256": obj.digest},
            **extra,
        )
        return obj.key

    def put(self, objects: list[SiteObject], done) -> None:
        with ThreadPoolExecutor(PARALLEL) as pool:
            for future in as_completed([pool.submit(self._put, o) for o in objects]):
                done(future.result())

    def write_manifest(self, data: bytes) -> None:
        self.client.put_object(
            Bucket=self.bucket,
            Key=self.prefix + MANIFEST_KEY,
            Body=data,
            ContentType="application/json; charset=utf-8",
            CacheControl="no-store",
        )

    def delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), _DELETE_BATCH):
            batch = [{"Key": self.prefix + k} for k in keys[start : start + _DELETE_BATCH]]
            result = self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True})
            if result.get("Errors"):
                first = result["Errors"][0]
                raise FetchError(
                    f"{self.name}: 删除失败 / delete failed: {first.get('Key')}: {first.get('Message')}"
                )
