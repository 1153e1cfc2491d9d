"""Peer for the differential tests: runs the AWS CLI's own formatters (awscli's json/text/table
formatter code, ruamel.yaml configured like the AWS CLI v2's YAMLDumper) on documents.

stdin: {"docs": ["<json text>", ...], "formats": [...], "title": str, "width": int|null}
stdout: a JSON list, one object per document: {format: output string | {"error": text}}.
"""
import io
import json
import sys


def run_json(value):
    out = io.StringIO()
    if value != {}:
        json.dump(value, out, indent=4, ensure_ascii=False)
        out.write('\n')
    return out.getvalue()


def run_text(value):
    from awscli import text
    out = io.StringIO()
    text.format_text(value, out)
    return out.getvalue()


class _Args:
    def __init__(self, color):
        self.color = color
        self.query = None


def run_table(value, title, color, width):
    import awscli.table
    from awscli.formatter import TableFormatter
    awscli.table.determine_terminal_width = lambda default_width=80: width or default_width
    formatter = TableFormatter(_Args('on' if color else 'off'))
    buf = io.StringIO()
    stream = buf
    if color:
        from colorama.ansitowin32 import AnsiToWin32
        stream = AnsiToWin32(buf, strip=False, autoreset=True).stream
    try:
        formatter._format_response(title, value, stream)
    finally:
        if color:
            # ColorizedStyler() wraps sys.stdout each time; undo it so wrappers don't nest.
            import colorama
            colorama.deinit()
    return buf.getvalue()


def _dumper():
    from ruamel.yaml import YAML
    y = YAML(typ='safe')
    y.encoding = None
    y.representer.default_flow_style = False
    return y


def run_yaml(value):
    out = io.StringIO()
    if value == {}:
        return ''
    if value is None or isinstance(value, (int, float, bool, str)):
        json.dump(value, out, ensure_ascii=False)
        out.write('\n')
        return out.getvalue()
    _dumper().dump(value, out)
    return out.getvalue()


def run_yaml_stream(value):
    if value == {}:
        return ''
    out = io.StringIO()
    _dumper().dump([value], out)
    return out.getvalue()


def main():
    # colorama (for --color on) wraps sys.stdout; answer on the real one.
    answer = sys.stdout
    request = json.load(sys.stdin)
    results = []
    for doc in request['docs']:
        value = json.loads(doc)
        result = {}
        for fmt in request['formats']:
            try:
                if fmt == 'json':
                    result[fmt] = run_json(value)
                elif fmt == 'text':
                    result[fmt] = run_text(value)
                elif fmt == 'table':
                    result[fmt] = run_table(value, request['title'], False, request.get('width'))
                elif fmt == 'table-color':
                    result[fmt] = run_table(value, request['title'], True, request.get('width'))
                elif fmt == 'yaml':
                    result[fmt] = run_yaml(value)
                elif fmt == 'yaml-stream':
                    result[fmt] = run_yaml_stream(value)
            except Exception as e:  # the formatter itself failed on this shape
                result[fmt] = {'error': '%s: %s' % (type(e).__name__, e)}
        results.append(result)
    json.dump(results, answer)


main()
