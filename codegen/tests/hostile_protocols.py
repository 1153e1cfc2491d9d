"""botocore's side of codegen/tests/hostile_protocols.rs.

Reads {"models": {name: service-2 dict}, "cases": [{"model", "op", "params"}],
"sign": [{"method", "path", "query", "headers", "time", "service", "region"}]} on stdin and
prints {"cases": [...], "sign": [...]} on stdout.

Each case is serialized as the AWS CLI does it: parameter validation and the protocol's
serializer (`create_serializer(protocol, include_validation=True)`), the endpoint joined
(`prepare_request_dict`), the request prepared (`AWSRequest.prepare()`: the form body's
`urlencode`), the request target as the HTTP session takes it from the URL, and the request
line and headers handed to `http.client` (which refuses what it will not send). A case gives
either {"method", "target", "headers": [[name, value]...], "body"} or {"error": "Type: text"}.
"""

import base64
import datetime
import http.client
import json
import sys
import types
from urllib.parse import urlparse

import botocore.auth
from botocore.awsrequest import AWSRequest, create_request_object, prepare_request_dict
from botocore.credentials import Credentials
from botocore.model import ServiceModel
from botocore.serialize import create_serializer

ENDPOINT = "https://bctest.us-east-1.amazonaws.com"


def path_url(url):
    """botocore.httpsession.URLLib3Session._path_url."""
    parsed = urlparse(url)
    path = parsed.path or "/"
    if parsed.query:
        path = path + "?" + parsed.query
    return path


def run_case(models, case):
    model = models[case["model"]]
    protocol = model.metadata["protocol"]
    op = model.operation_model(case["op"])
    serializer = create_serializer(protocol, include_validation=True)
    serialized = serializer.serialize_to_request(case["params"], op)
    prepare_request_dict(serialized, endpoint_url=ENDPOINT)
    prepared = create_request_object(serialized).prepare()
    target = path_url(prepared.url)
    conn = http.client.HTTPConnection("bctest.us-east-1.amazonaws.com")
    conn.putrequest(
        prepared.method, target, skip_host=True, skip_accept_encoding=True
    )
    headers = []
    for name, value in prepared.headers.items():
        conn.putheader(name, value)
        if name.lower() == "content-length":
            continue
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        headers.append([name, value])
    body = prepared.body
    if body is None:
        body = b""
    elif isinstance(body, str):
        body = body.encode("utf-8")
    return {
        "method": prepared.method,
        "target": target,
        "headers": headers,
        "body": base64.b64encode(body).decode("ascii"),
    }


def run_sign(s):
    fixed = datetime.datetime.fromtimestamp(s["time"], datetime.timezone.utc).replace(
        tzinfo=None
    )
    botocore.auth.get_current_datetime = lambda remove_tzinfo=True: fixed

    class FixedDatetime(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return fixed

    # Older botocore reads `datetime.datetime.utcnow()` through `botocore.auth.datetime`.
    botocore.auth.datetime = types.SimpleNamespace(
        datetime=FixedDatetime, timezone=datetime.timezone, timedelta=datetime.timedelta
    )
    url = ENDPOINT + s["path"] + ("?" + s["query"] if s["query"] else "")
    request = AWSRequest(method=s["method"], url=url, headers=dict(s["headers"]), data=b"")
    auth = botocore.auth.SigV4Auth(Credentials("AKIDEXAMPLE", "SECRET"), s["service"], s["region"])
    seen = {}
    canonical_request = auth.canonical_request

    def capture(req):
        seen["canonical_request"] = canonical_request(req)
        return seen["canonical_request"]

    auth.canonical_request = capture
    auth.add_auth(request)
    return {
        "authorization": request.headers["Authorization"],
        "canonical_request": seen["canonical_request"],
    }


def main():
    data = json.load(sys.stdin)
    models = {name: ServiceModel(m) for name, m in data["models"].items()}
    out = {"cases": [], "sign": []}
    for case in data["cases"]:
        try:
            out["cases"].append(run_case(models, case))
        except Exception as e:  # noqa: BLE001 - every refusal is a result
            text = str(e).replace("\n", " ").strip()
            out["cases"].append({"error": f"{type(e).__name__}: {text}"})
    for s in data["sign"]:
        out["sign"].append(run_sign(s))
    json.dump(out, sys.stdout)


main()
