#!/usr/bin/env python3
"""Record what botocore puts on the wire for a set of S3 requests.

Writes `botocore_requests.json` beside this script: for each case the
operation, its parameters, the endpoint, and the request botocore prepared
(method, full URL, headers in order, body as base64) -- or the error botocore
raised instead of sending. The Rust tests compare awslice's requests with it
byte for byte, with no Python at test time.

Nothing is sent: a 'before-send.s3.*' handler records the prepared request
and returns a canned 200 response, which stops botocore before its HTTP
layer. Run with a Python that has botocore (this repository uses
target/py-venv):

    target/py-venv/bin/python testdata/s3/capture_botocore.py

Licence: the recorded fixture is produced by botocore (Apache License 2.0,
(c) Amazon.com, Inc. or its affiliates); this script is the project's.
"""

import base64
import io
import json
import os
import sys

# Never pick up the caller's AWS configuration (profiles, regions, checksum
# settings, endpoint overrides).
for _name in list(os.environ):
    if _name.startswith("AWS_") or _name.startswith("BOTO"):
        del os.environ[_name]
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull

import botocore  # noqa: E402
import botocore.httpsession  # noqa: E402
import botocore.session  # noqa: E402
import urllib3  # noqa: E402
from botocore.awsrequest import AWSResponse  # noqa: E402
from botocore.config import Config  # noqa: E402
from urllib3.util.url import _encode_target  # noqa: E402

# Headers that change on every run (time, signature, SDK identity, retry
# bookkeeping); everything else botocore sets is recorded.
VOLATILE = {
    "authorization",
    "x-amz-date",
    "user-agent",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "x-amz-security-token",
}

BUCKET = "awslice-bucket"
LOCAL = "http://127.0.0.1:5000"

HOSTILE_KEYS = [
    "a b", "dir/sub/file.txt", "100%", "what?", "hash#tag", "line\r\nbreak",
    "tab\tkey", "ünïcødé/日本", "plus+sign", "tilde~", "semi;colon,comma",
    "quote'\"", "star*", "a..b", "..x", "/leading-slash", "trailing/",
    "double//slash", "&=$@:", "[brackets]{braces}", "back\\slash",
    "caret^`|<>",
]
DOT_SEGMENT_KEYS = ["..", ".", "../up", "a/./b", "a/../b"]


class _CannedRaw(io.BytesIO):
    """The raw stream of the canned response (what urllib3 would give)."""

    def stream(self, amt=1024, decode_content=None):
        while True:
            chunk = self.read(amt)
            if not chunk:
                return
            yield chunk


# Bodies some operations need to parse a 200; the rest get an empty body.
CANNED_BODIES = {
    "GetBucketLocation": b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>',
}


def _read_body(body):
    """The bytes of a prepared body: bytes, str, or a (streaming) file-like
    object such as botocore's AwsChunkedWrapper, read to the end."""
    if body is None:
        return b""
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):
        data = b""
        while True:
            chunk = body.read(8192)
            if not chunk:
                return data
            data += chunk if isinstance(chunk, bytes) else chunk.encode()
    raise TypeError(f"unexpected body type {type(body)!r}")


def _jsonable(params):
    out = {}
    for name, value in params.items():
        if isinstance(value, (bytes, bytearray)):
            out[name + "Base64"] = base64.b64encode(bytes(value)).decode()
        elif isinstance(value, io.IOBase):
            data = value.getvalue()
            out[name + "FileLikeBase64"] = base64.b64encode(data).decode()
        else:
            out[name] = value
    return out


def capture(name, operation, params, endpoint_url=LOCAL, config=None,
            note=None):
    """Call `operation` with `params`; return the case record."""
    session = botocore.session.Session()
    client = session.create_client(
        "s3",
        region_name="us-east-1",
        endpoint_url=endpoint_url,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=config,
    )
    sent = []

    def before_send(request, **kwargs):
        body = _read_body(request.body)
        sent.append({
            "method": request.method,
            "url": request.url,
            # The request target urllib3 writes on the request line (botocore
            # passes path?query of request.url, urllib3 escapes what is left).
            "request_target": _encode_target(
                botocore.httpsession.URLLib3Session()._path_url(request.url)
            ),
            "headers": [
                [k, v.decode("latin-1") if isinstance(v, bytes) else v]
                for k, v in request.headers.items()
                if k.lower() not in VOLATILE
            ],
            "body_base64": base64.b64encode(body).decode(),
        })
        op = kwargs.get("event_name", "").rsplit(".", 1)[-1]
        raw = _CannedRaw(CANNED_BODIES.get(op, b""))
        headers = {"Content-Length": str(len(raw.getvalue()))}
        return AWSResponse(request.url, 200, headers, raw)

    client.meta.events.register("before-send.s3.*", before_send)
    record = {"name": name, "operation": operation,
              "params": _jsonable(params), "endpoint_url": endpoint_url}
    if config is not None:
        record["config"] = {"s3": config.s3} if config.s3 else {}
    if note:
        record["note"] = note
    method = getattr(client, botocore.xform_name(operation))
    try:
        method(**params)
    except Exception as exc:  # botocore refused: record why
        record["error"] = str(exc)
        record["error_class"] = type(exc).__name__
    if sent:
        # One attempt per case: the canned response is a success.
        assert len(sent) == 1, (name, len(sent))
        record["request"] = sent[0]
    elif "error" not in record:
        raise AssertionError(f"{name}: neither a request nor an error")
    return record


def cases():
    b = BUCKET
    yield capture("CreateBucket", "CreateBucket", {"Bucket": b})
    yield capture("ListBuckets", "ListBuckets", {})
    yield capture("DeleteBucket", "DeleteBucket", {"Bucket": b})
    yield capture("HeadBucket", "HeadBucket", {"Bucket": b})

    yield capture("PutObject hello", "PutObject",
                  {"Bucket": b, "Key": "plain.txt", "Body": b"hello"})
    yield capture("PutObject empty", "PutObject",
                  {"Bucket": b, "Key": "empty.bin", "Body": b""})
    yield capture("PutObject binary", "PutObject",
                  {"Bucket": b, "Key": "binary.bin", "Body": bytes(range(256))})
    yield capture("PutObject content-type", "PutObject",
                  {"Bucket": b, "Key": "a b/c d.txt", "Body": b"hello",
                   "ContentType": "text/plain"})
    # Extra: a file-like body (what the AWS CLI passes for --body FILE).
    yield capture("PutObject file-like hello", "PutObject",
                  {"Bucket": b, "Key": "plain.txt",
                   "Body": io.BytesIO(b"hello")},
                  note="Body is io.BytesIO(b'hello'): a file-like object")

    for key in HOSTILE_KEYS:
        for op in ("HeadObject", "GetObject", "DeleteObject"):
            yield capture(f"{op} hostile {key!r}", op, {"Bucket": b, "Key": key})
    for key in DOT_SEGMENT_KEYS:
        yield capture(f"GetObject dot-segment {key!r}", "GetObject",
                      {"Bucket": b, "Key": key})

    yield capture("ListObjectsV2", "ListObjectsV2", {"Bucket": b})
    yield capture("ListObjectsV2 prefix delimiter", "ListObjectsV2",
                  {"Bucket": b, "Prefix": "a b/", "Delimiter": "/"})
    yield capture("ListObjects prefix", "ListObjects",
                  {"Bucket": b, "Prefix": "x"})
    yield capture("ListObjectVersions", "ListObjectVersions", {"Bucket": b})
    yield capture("DeleteObjects", "DeleteObjects",
                  {"Bucket": b, "Delete": {"Objects": [
                      {"Key": "line\r\nbreak"}, {"Key": "x&y<z>"}]}})
    yield capture("GetBucketLocation", "GetBucketLocation", {"Bucket": b})
    yield capture("PutBucketTagging", "PutBucketTagging",
                  {"Bucket": b, "Tagging": {"TagSet": [
                      {"Key": "k", "Value": "v"}]}})
    yield capture("GetObject range", "GetObject",
                  {"Bucket": b, "Key": "plain.txt", "Range": "bytes=0-1"})
    yield capture("CopyObject", "CopyObject",
                  {"Bucket": b, "Key": "dst", "CopySource": "src-bucket/src key"})

    https = "https://127.0.0.1:5000"
    yield capture("PutObject hello https", "PutObject",
                  {"Bucket": b, "Key": "plain.txt", "Body": b"hello"},
                  endpoint_url=https)
    yield capture("GetObject https", "GetObject",
                  {"Bucket": b, "Key": "plain.txt"}, endpoint_url=https)
    yield capture("PutObject hello localhost", "PutObject",
                  {"Bucket": b, "Key": "plain.txt", "Body": b"hello"},
                  endpoint_url="http://localhost:5000")
    yield capture("PutObject hello aws endpoint", "PutObject",
                  {"Bucket": b, "Key": "plain.txt", "Body": b"hello"},
                  endpoint_url=None,
                  note="no endpoint_url: the AWS endpoint botocore resolves "
                       "(intercepted, never contacted)")
    yield capture("PutObject hello aws endpoint path-style", "PutObject",
                  {"Bucket": b, "Key": "plain.txt", "Body": b"hello"},
                  endpoint_url=None,
                  config=Config(s3={"addressing_style": "path"}))
    yield capture("PutObject hello virtual-style 127.0.0.1", "PutObject",
                  {"Bucket": b, "Key": "plain.txt", "Body": b"hello"},
                  config=Config(s3={"addressing_style": "virtual"}))
    yield capture("PutObject hello virtual-style localhost", "PutObject",
                  {"Bucket": b, "Key": "plain.txt", "Body": b"hello"},
                  endpoint_url="http://localhost:5000",
                  config=Config(s3={"addressing_style": "virtual"}))


def main():
    # Belt and braces: any attempt to open a socket is a bug in this script.
    import socket

    def _no_network(*args, **kwargs):
        raise AssertionError("capture_botocore.py must not contact the network")

    socket.socket.connect = _no_network
    socket.create_connection = _no_network

    out = {
        "generator": "testdata/s3/capture_botocore.py",
        "botocore_version": botocore.__version__,
        "urllib3_version": urllib3.__version__,
        "region": "us-east-1",
        "excluded_headers": sorted(VOLATILE),
        # Observed once on a loopback server (not by this script): what the
        # HTTP layer adds around these recorded requests.
        "notes": [
            "headers are botocore's prepared headers in order, volatile ones "
            "left out; on the wire http.client writes Host then "
            "Accept-Encoding: identity first, then these in this order",
            "request_target is the request line's target; it equals the path "
            "and query of url for every case here (urllib3 keeps dot segments)",
            "Transfer-Encoding: chunked (the https aws-chunked uploads): "
            "urllib3 also frames body_base64 as one HTTP/1.1 chunk: "
            "'<len hex>\\r\\n' + body + '\\r\\n0\\r\\n\\r\\n'",
            "Expect: 100-continue: botocore waits for the interim response "
            "before sending the body",
        ],
        "cases": list(cases()),
    }
    names = [c["name"] for c in out["cases"]]
    assert len(names) == len(set(names)), "case names must be unique"
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "botocore_requests.json")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"{len(names)} cases -> {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
