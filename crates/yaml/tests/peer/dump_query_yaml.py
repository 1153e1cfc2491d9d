"""Peer for the anchors differential test: applies a JMESPath query with jmespath.py and
dumps the result the way the AWS CLI v2 does for --output yaml and yaml-stream.

The dumper is set up as awscli/formatter.py's YAMLDumper does it: ruamel.yaml
YAML(typ='safe'), encoding None, default_flow_style False; top-level scalars go through
json.dump(ensure_ascii=False) plus a newline. YAMLFormatter prints nothing for {};
StreamedYAMLFormatter dumps [result] (and also skips {} for a non-paginated response).

stdin: a JSON list of {"doc": <json text>, "query": <expression>}.
stdout: a JSON list of {"yaml": text, "stream": text} or {"error": text}.
"""
import io
import json
import sys

import jmespath
from ruamel.yaml import YAML


def make_yaml():
    y = YAML(typ='safe')
    y.encoding = None
    y.representer.default_flow_style = False
    return y


def dump(value):
    out = io.StringIO()
    if value is None or isinstance(value, (int, float, bool, str)):
        json.dump(value, out, ensure_ascii=False)
        out.write('\n')
    else:
        make_yaml().dump(value, out)
    return out.getvalue()


def main():
    cases = json.load(sys.stdin)
    answers = []
    for case in cases:
        try:
            data = json.loads(case['doc'])
            result = jmespath.search(case['query'], data)
        except Exception as e:  # noqa: BLE001 - reported to the Rust side
            answers.append({'error': '%s: %s' % (type(e).__name__, e)})
            continue
        yaml_text = '' if result == {} else dump(result)
        stream_text = '' if result == {} else dump([result])
        answers.append({'yaml': yaml_text, 'stream': stream_text})
    json.dump(answers, sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main()
