"""Extracts the golden YAML documents of shared/reference/crates-jmespath-yaml.md §B.2 into
tests/data/golden.json: [{"name", "input" (JSON text), "format" ("yaml"|"yaml-stream"), "expected"}].

Where the reference truncates a document's JSON input, the input is recovered by loading the
expected YAML with ruamel.yaml's safe loader. Run from the workspace root:

    target/py-venv/bin/python crates/yaml/tools/extract_golden.py > crates/yaml/tests/data/golden.json
"""
import io
import json
import re
import sys

from ruamel.yaml import YAML

text = open('../shared/reference/crates-jmespath-yaml.md', encoding='utf-8').read()
section = text[text.index('### B.2 Golden documents'):text.index('### B.3')]
pattern = re.compile(
    r'\*\*(\d\d_[a-z_]+)(?:, `--output (yaml-stream)`)?\*\*(?: — input \(JSON, `\\u` escaped\): `(.*?)`)?[^\n]*\n\n```yaml\n(.*?)```',
    re.S)
cases = []
for name, stream, given, expected in pattern.findall(section):
    fmt = stream or 'yaml'
    try:
        value = json.loads(given)
    except ValueError:  # truncated or cut short by a backtick inside the input
        value = YAML(typ='safe', pure=True).load(io.StringIO(expected))
        if fmt == 'yaml-stream':
            value = value[0]
    cases.append({'name': name, 'input': json.dumps(value, ensure_ascii=False),
                  'format': fmt, 'expected': expected})
json.dump(cases, sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write('\n')
