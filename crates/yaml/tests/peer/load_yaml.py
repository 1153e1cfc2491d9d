"""Peer for the loader differential test: loads each text the way the AWS CLI v2 reads
--cli-input-yaml (ruamel.yaml's pure-Python safe loader) and answers a typed form.

stdin: a JSON list of YAML texts. stdout: a JSON list of typed values or {"error": text}.
Typed form: {"null": 0} | {"bool": b} | {"int": "digits"} | {"float": repr} | {"str": s}
| {"bytes": base64} | {"date": iso} | {"list": [...]} | {"map": [[key, typed], ...]}.
"""
import base64
import datetime
import io
import json
import sys

from ruamel.yaml import YAML


def typed(v):
    if v is None:
        return {'null': 0}
    if isinstance(v, bool):
        return {'bool': v}
    if isinstance(v, int):
        return {'int': str(v)}
    if isinstance(v, float):
        return {'float': repr(v)}
    if isinstance(v, str):
        return {'str': v}
    if isinstance(v, bytes):
        return {'bytes': base64.b64encode(v).decode()}
    if isinstance(v, (datetime.date, datetime.datetime)):
        return {'date': v.isoformat()}
    if isinstance(v, list):
        return {'list': [typed(x) for x in v]}
    if isinstance(v, dict):
        return {'map': [[k if isinstance(k, str) else repr(k), typed(x)] for k, x in v.items()]}
    return {'other': repr(v)}


def main():
    texts = json.load(sys.stdin)
    out = []
    for text in texts:
        try:
            out.append(typed(YAML(typ='safe', pure=True).load(io.StringIO(text))))
        except Exception as e:
            out.append({'error': '%s: %s' % (type(e).__name__, e)})
    json.dump(out, sys.stdout)


main()
