"""Writes responses.json, the recorded responses of the differential test (differential.rs).

Run once, from the workspace root, with the test venv's Python (it needs botocore, which
`cargo xtask test` installs with awscli):

    target/py-venv/bin/python crates/awslice/tests/differential/generate.py

The output is deterministic (a seeded generator). It holds:
  (a) hand-written edge cases (unicode, long values, numbers, timestamps, nulls, unknown
      members, empty lists and maps, ...), and
  (b) responses generated from the output shapes of every operation of the official model
      (models/official/workspaces-2015-04-08.json) that can be called with simple flags.

Each entry: {"name", "operation" (model name), "command" (CLI name), "args" (the flags for the
required input members), "body" (the exact response text), "runs" (a list of
[output, query-or-null])}. The test serves "body" for every run and compares the stdout and
exit code of the full-model awslice with the AWS CLI's.

Members the official model has but the AWS CLI's bundled botocore model lacks are left out of
generated responses (the AWS CLI drops them; that is a model-version difference, not a
formatting one). Their count is printed.
"""

import json
import os
import random
import sys

from botocore.session import get_session
from botocore import xform_name

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
MODEL = os.path.join(ROOT, "models", "official", "workspaces-2015-04-08.json")
OUT = os.path.join(HERE, "responses.json")
NS = "com.amazonaws.workspaces#"
SEED = 20261125
DOCS_PER_OPERATION = 4

SHAPES = {}
BOTO = None
SKIPPED_MEMBERS = set()

# Values for generated strings: plain identifiers, unicode of many scripts and widths, long
# values wider than an 80-column table, empty strings, strings with spaces, tabs, quotes,
# backslashes, and strings that look like numbers, booleans or None.
STRINGS = [
    "ws-abc123def",
    "wsi-123456789abc",
    "d-9067a1b2c3",
    "123456789012",
    "012345678901",
    "arn:aws:workspaces:us-east-1:123456789012:workspace/ws-abc123def",
    "Alice",
    "bob.smith@example.com",
    "",
    " ",
    "two  spaces",
    "tab\there",
    "line\nbreak",
    "quote\"inside",
    "back\\slash",
    "日本語のテキスト",
    "中文字符串测试",
    "한국어",
    "emoji 🚀✨👩‍💻",
    "café",
    "e\u0301 combining",
    "שלום עולם",
    "مرحبا",
    "ｆｕｌｌｗｉｄｔｈ",
    "Ünïcödé Ⅻ ½",
    "x" * 95,
    "A long description that is certainly wider than the eighty columns of a table, "
    "with more words after it",
    "None",
    "null",
    "true",
    "False",
    "0",
    "-1",
    "1.50",
    "1e5",
    "[1, 2]",
    "{}",
    "a|b|c",
    "  leading and trailing  ",
    "\u00a0nbsp",
    "zero\u200bwidth",
    "ctrl\u0007bell",
]

INTEGERS = [0, 1, -1, 7, 42, 60, 100, 2147483647, -2147483648, 12345678901234567890]
# Epoch seconds as the service sends them: integers, fractions, microsecond edge cases.
TIMESTAMPS = [
    "1700000000",
    "1700000000.5",
    "1700000000.123",
    "1700000000.123456",
    "1732537599.999",
    "0",
    "1.7e9",
    "1234567890.000001",
    "1600000000.25",
    "1893456000",
    "951782400",
]


def shape(target):
    return SHAPES[target]


def target_of(member):
    return member["target"]


def is_simple_target(t):
    return t.startswith("smithy.api#")


def simple_type(t):
    if is_simple_target(t):
        return {
            "smithy.api#String": "string",
            "smithy.api#Integer": "integer",
            "smithy.api#Long": "long",
            "smithy.api#Boolean": "boolean",
            "smithy.api#PrimitiveBoolean": "boolean",
            "smithy.api#PrimitiveInteger": "integer",
            "smithy.api#Double": "double",
            "smithy.api#Float": "float",
            "smithy.api#Timestamp": "timestamp",
            "smithy.api#Blob": "blob",
            "smithy.api#Document": "document",
            "smithy.api#Unit": "unit",
        }[t]
    return shape(t)["type"]


class Raw:
    """A JSON number or value written exactly as given."""

    def __init__(self, text):
        self.text = text


def dump(value, rng):
    """Serialises like a service might: compact or spaced, unicode escaped or not."""
    compact = rng.random() < 0.7
    ascii_only = rng.random() < 0.3
    item_sep, key_sep = (",", ":") if compact else (", ", ": ")

    def go(v):
        if isinstance(v, Raw):
            return v.text
        if isinstance(v, dict):
            return "{" + item_sep.join(
                json.dumps(k, ensure_ascii=ascii_only) + key_sep + go(x) for k, x in v.items()
            ) + "}"
        if isinstance(v, list):
            return "[" + item_sep.join(go(x) for x in v) + "]"
        return json.dumps(v, ensure_ascii=ascii_only)

    return go(value)


def boto_members(boto_shape):
    if boto_shape is None or boto_shape.type_name != "structure":
        return None
    return boto_shape.members


def gen(t, rng, depth, boto_shape):
    kind = simple_type(t)
    s = None if is_simple_target(t) else shape(t)
    if kind == "structure":
        out = {}
        bm = boto_members(boto_shape)
        for name, member in s["members"].items():
            if bm is not None and name not in bm:
                SKIPPED_MEMBERS.add(f"{t.split('#')[1]}.{name}")
                continue
            r = rng.random()
            if depth > 4 or r < 0.2:
                continue  # a missing member
            if r < 0.23:
                out[name] = None  # null: botocore drops it
                continue
            out[name] = gen(target_of(member), rng, depth + 1, bm[name] if bm else None)
        return out
    if kind == "union":
        names = list(s["members"])
        name = rng.choice(names)
        bm = boto_members(boto_shape)
        return {name: gen(target_of(s["members"][name]), rng, depth + 1, bm[name] if bm else None)}
    if kind == "list":
        n = rng.choice([0, 1, 1, 2, 2, 3]) if depth < 4 else rng.choice([0, 1])
        bmember = getattr(boto_shape, "member", None)
        return [gen(target_of(s["member"]), rng, depth + 1, bmember) for _ in range(n)]
    if kind == "map":
        n = rng.choice([0, 1, 2, 3])
        bvalue = getattr(boto_shape, "value", None)
        return {
            rng.choice(["en_US", "ja_JP", "de_DE", "fr_FR", "zh_CN", "ko_KR", "pt_BR"]) + str(i):
                gen(target_of(s["value"]), rng, depth + 1, bvalue)
            for i in range(n)
        }
    if kind == "enum":
        values = [m.get("traits", {}).get("smithy.api#enumValue", k) for k, m in s["members"].items()]
        if rng.random() < 0.05:
            return "SOME_FUTURE_VALUE"  # an enum value the model does not know yet
        return rng.choice(values)
    if kind == "string":
        return rng.choice(STRINGS)
    if kind in ("integer", "long"):
        return rng.choice(INTEGERS)
    if kind in ("double", "float"):
        return Raw(rng.choice(["0.0", "1.5", "100.0", "1e-07", "-2.25", "3.141592653589793"]))
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "timestamp":
        return Raw(rng.choice(TIMESTAMPS))
    if kind == "blob":
        return rng.choice(["aGVsbG8=", "", "AAEC/w=="])
    raise ValueError(f"unsupported shape type {kind} ({t})")


def flag_value(t):
    """A CLI value for a required input member, or None when flags cannot express it simply."""
    kind = simple_type(t)
    if kind == "string":
        return ["wsi-123456789abc"]
    if kind == "enum":
        s = shape(t)
        first = next(iter(s["members"].items()))
        return [first[1].get("traits", {}).get("smithy.api#enumValue", first[0])]
    if kind == "integer":
        return ["1"]
    if kind == "list":
        inner = flag_value(target_of(shape(t)["member"]))
        return inner if inner is not None and simple_type(target_of(shape(t)["member"])) in ("string", "enum") else None
    return None


def required_args(op):
    """The flags for the required input members, or None when one is not a simple value."""
    inp = op.get("input", {}).get("target")
    if not inp:
        return []
    args = []
    for name, member in shape(inp)["members"].items():
        traits = member.get("traits", {})
        if "smithy.api#required" not in traits:
            continue
        t = target_of(member)
        if simple_type(t) == "boolean":
            args.append("--" + xform_name(name, "-"))
            continue
        value = flag_value(t)
        if value is None:
            return None
        args.append("--" + xform_name(name, "-"))
        args.extend(value)
    return args


def top_lists(doc):
    """(name, first structure item keys) of top-level lists of structures in a document."""
    found = []
    for k, v in doc.items():
        if isinstance(v, list) and v and isinstance(v[0], dict):
            keys = [key for key, x in v[0].items() if x is not None and not isinstance(x, (dict, list))]
            found.append((k, keys))
    return found


def queries_for(doc, rng):
    """A few JMESPath expressions that fit the document: scalars, lists, projections,
    functions, sort_by, length, multi-select lists and hashes."""
    qs = ["keys(@)", "length(keys(@))", "@", "*", "[@]", "{all: @}"]
    scalar_keys = [k for k, v in doc.items() if v is not None and not isinstance(v, (dict, list))]
    for k in scalar_keys:
        qs += [k, f"[{k}]", f"{{value: {k}, again: {k}}}", f"to_string({k})", f"type({k})"]
    for name, keys in top_lists(doc):
        qs += [
            f"{name}", f"{name}[0]", f"{name}[-1]", f"length({name})", f"{name}[*]",
            f"{name}[]", f"{name}[:1]", f"reverse({name})", f"{name}[0] | keys(@)",
        ]
        for k in keys:
            qs += [
                f"{name}[].{k}", f"{name}[*].{k}", f"{name}[0].{k}",
                f"sort_by({name}, &to_string({k}))[].{k}", f"{name}[].[{k}]",
                f"{name}[].{{Key: {k}, Count: length(to_string({k}))}}",
                f"max_by({name}, &length(to_string({k})))",
                f"{name}[?{k} != null].{k}",
                f"join(', ', {name}[].to_string({k}))",
            ]
        if len(keys) >= 2:
            a, b = keys[0], keys[1]
            qs += [f"{name}[].[{a}, {b}]", f"{name}[].{{first: {a}, second: {b}}}",
                   f"{name}[0].[{a}, {b}]"]
    for k, v in doc.items():
        if isinstance(v, list) and v and not isinstance(v[0], (dict, list)):
            qs += [f"{k}", f"length({k})", f"sort({k})", f"{k}[0]", f"{k}[*]"]
    return qs


def runs_for(doc, rng, n_queries=2):
    runs = [["json", None], ["text", None], ["table", None]]
    candidates = queries_for(doc, rng)
    for q in rng.sample(candidates, min(n_queries, len(candidates))):
        for output in rng.sample(["json", "text", "table"], 2):
            runs.append([output, q])
    return runs


def entry(name, operation, args, body, runs, pages=None):
    e = {
        "name": name,
        "operation": operation,
        "command": xform_name(operation, "-"),
        "args": args,
        "body": body,
        "runs": runs,
    }
    if pages:
        e["pages"] = pages
    return e


def all_outputs(queries):
    runs = [["json", None], ["text", None], ["table", None]]
    for q in queries:
        runs += [["json", q], ["text", q], ["table", q]]
    return runs


def hand_written():
    """Edge cases written by hand (part (a))."""
    img = ["--image-id", "wsi-123456789abc"]
    e = []
    perms = "DescribeWorkspaceImagePermissions"
    e.append(entry("recorded-awscli-v2-md-section-8", perms, img,
                   '{"ImageId":"wsi-123456789abc","ImagePermissions":[{"SharedAccountId":"123456789012"},'
                   '{"SharedAccountId":"210987654321"}]}',
                   all_outputs(["ImagePermissions[].SharedAccountId", "ImagePermissions[0]",
                                "length(ImagePermissions)", "{id: ImageId, n: length(ImagePermissions)}"])))
    e.append(entry("empty-object", perms, img, "{}", all_outputs(["ImageId", "[ImageId]", "{a: ImageId}"])))
    e.append(entry("empty-body", perms, img, "", all_outputs([])))
    e.append(entry("whitespace-body", perms, img, " \n", all_outputs([])))
    e.append(entry("empty-list", perms, img, '{"ImageId":"wsi-1","ImagePermissions":[]}',
                   all_outputs(["ImagePermissions", "ImagePermissions[0]"])))
    e.append(entry("null-members", perms, img,
                   '{"ImageId":null,"ImagePermissions":[{"SharedAccountId":null},null,{}],"NextToken":null}',
                   all_outputs(["ImagePermissions[*].SharedAccountId"])))
    e.append(entry("unknown-members", perms, img,
                   '{"Extra":1,"ImagePermissions":[{"SharedAccountId":"123456789012","Note":"x"}],'
                   '"ImageId":"wsi-1","Nested":{"a":[1,2]},"NextToken":"tok"}',
                   all_outputs(["Extra", "NextToken"])))
    e.append(entry("member-order-differs-from-model", perms, img,
                   '{"NextToken":"t","ImagePermissions":[{"SharedAccountId":"1"}],"ImageId":"wsi-1"}',
                   all_outputs(["*"])))
    e.append(entry("duplicate-keys-last-wins", perms, img,
                   '{"ImageId":"first","ImageId":"second"}', all_outputs([])))
    e.append(entry("escapes", perms, img,
                   '{"ImageId":"\\u65e5\\u672c \\ud83d\\ude80 \\t tab \\" quote \\\\ \\/ slash \\n nl \\u0000 nul",'
                   '"ImagePermissions":[{"SharedAccountId":"\\u00e9\\u0301"}]}',
                   all_outputs(["ImageId"])))
    wide = "W" * 120
    e.append(entry("wider-than-table", perms, img,
                   json.dumps({"ImageId": wide, "ImagePermissions": [{"SharedAccountId": "x" * 70},
                                                                      {"SharedAccountId": "y"}]}),
                   all_outputs(["ImagePermissions[].SharedAccountId"])))
    for i, s in enumerate([
        "日本語テキスト", "🚀🚀🚀 rockets", "e\u0301\u0301 stacked", "עברית ومرحبا mixed RTL",
        "ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ", "한국어 텍스트 " * 6, "Ⅻ½€ symbols", "tab\tand\nnewline",
        "", "   ",
    ]):
        e.append(entry(f"unicode-{i}", perms, img,
                       json.dumps({"ImageId": s, "ImagePermissions": [{"SharedAccountId": s}, {"SharedAccountId": "ok"}]},
                                  ensure_ascii=(i % 2 == 0)),
                       all_outputs(["ImageId", "ImagePermissions[].SharedAccountId"])))
    for i, s in enumerate(["carriage\rreturn", "esc \x1b[31mred\x1b[0m", "line\u2028separator", "nel\u0085here",
                           "del\x7f", "\ufeffbom", "vertical\x0btab\x0cff", "nul\x00byte", "\x01\x02\x1f",
                           "trailing newline\n", "\u200d\u200c joiners", "\U0001F1EF\U0001F1F5 flag",
                           "\u0301 leading combining", "narrow\u2060word\u2060joiner", "hangul \u1100\u1161\u11a8"]):
        e.append(entry(f"control-{i}", perms, img,
                       json.dumps({"ImageId": s, "ImagePermissions": [{"SharedAccountId": s}, {"SharedAccountId": "ok"}]},
                                  ensure_ascii=(i % 2 == 1)),
                       all_outputs(["ImageId", "[ImageId, 'x']"])))
    e.append(entry("empty-structures", perms, img,
                   '{"ImageId":"wsi-1","ImagePermissions":[{},{},{"SharedAccountId":"1"}]}',
                   all_outputs(["ImagePermissions", "ImagePermissions[].SharedAccountId", "ImagePermissions[0]"])))
    # Numbers, in integer members (botocore does not check types of response values).
    ws = "DescribeWorkspaces"
    numbers = ["0", "-1", "2147483648", "123456789012345678901234567890", "1.5", "100.0",
               "1e-7", "1E+3", "-0.0", "0.1", "1.0000000000000002", "12345678.9", "1e16", "1e22",
               "3.141592653589793", "2.5e-5", "123456789012345678.5", "5e-324", "1.7976931348623157e308"]
    for i, n in enumerate(numbers):
        e.append(entry(f"number-{i}", ws, [],
                       '{"Workspaces":[{"WorkspaceId":"ws-1","WorkspaceProperties":{"RootVolumeSizeGib":%s,'
                       '"UserVolumeSizeGib":7,"RunningModeAutoStopTimeoutInMinutes":%s}}]}' % (n, n),
                       all_outputs(["Workspaces[0].WorkspaceProperties.RootVolumeSizeGib",
                                    "Workspaces[].WorkspaceProperties"])))
    e.append(entry("booleans-and-types-in-strings", ws, [],
                   '{"Workspaces":[{"WorkspaceId":"ws-1","UserVolumeEncryptionEnabled":true,'
                   '"RootVolumeEncryptionEnabled":false,"UserName":"None","ComputerName":"true","IpAddress":"0"}]}',
                   all_outputs(["Workspaces[0].UserVolumeEncryptionEnabled", "Workspaces[0].[UserName, ComputerName, IpAddress]"])))
    e.append(entry("list-of-lists-in-query", ws, [],
                   '{"Workspaces":[{"WorkspaceId":"a","WorkspaceProperties":{"Protocols":["PCOIP","WSP"]}},'
                   '{"WorkspaceId":"b","WorkspaceProperties":{"Protocols":[]}},'
                   '{"WorkspaceId":"c","WorkspaceProperties":{"Protocols":["WSP"]}}]}',
                   all_outputs(["Workspaces[].WorkspaceProperties.Protocols", "Workspaces[].[WorkspaceId, WorkspaceProperties.Protocols]",
                                "Workspaces[].WorkspaceProperties.Protocols[]", "[[`1`, `2`], [`3`]]",
                                "Workspaces[].[[WorkspaceId]]"])))
    e.append(entry("ragged-rows", ws, [],
                   '{"Workspaces":[{"WorkspaceId":"a","UserName":"u"},{"WorkspaceId":"b"},{"UserName":"only"}]}',
                   all_outputs(["Workspaces[].[WorkspaceId, UserName]", "Workspaces[].{Id: WorkspaceId, User: UserName}"])))
    e.append(entry("mixed-list", ws, [],
                   '{"Workspaces":[{"WorkspaceId":"a"}]}',
                   all_outputs(["[Workspaces[0], `1`, 'two', `null`, `true`]", "`{\"a\": [1, {\"b\": null}]}`",
                                "`[]`", "`{}`", "`null`", "`\"\"`", "`false`", "`0.5`"])))
    e.append(entry("functions", ws, [],
                   '{"Workspaces":[{"WorkspaceId":"ws-b","UserName":"Zoë","WorkspaceProperties":{"RootVolumeSizeGib":80,"UserVolumeSizeGib":10}},'
                   '{"WorkspaceId":"ws-a","UserName":"adam","WorkspaceProperties":{"RootVolumeSizeGib":175,"UserVolumeSizeGib":100}},'
                   '{"WorkspaceId":"ws-c","UserName":"日本","WorkspaceProperties":{"RootVolumeSizeGib":3,"UserVolumeSizeGib":0}}]}',
                   all_outputs([
                       "avg(Workspaces[].WorkspaceProperties.RootVolumeSizeGib)",
                       "sum(Workspaces[].WorkspaceProperties.UserVolumeSizeGib)",
                       "max(Workspaces[].WorkspaceProperties.RootVolumeSizeGib)",
                       "min_by(Workspaces, &WorkspaceProperties.RootVolumeSizeGib).UserName",
                       "sort_by(Workspaces, &UserName)[].[WorkspaceId, UserName]",
                       "sort(Workspaces[].UserName)",
                       "map(&length(UserName), Workspaces)",
                       "Workspaces[?starts_with(WorkspaceId, 'ws-a')] | [0]",
                       "Workspaces[?contains(UserName, 'a')].WorkspaceId",
                       "Workspaces[?WorkspaceProperties.RootVolumeSizeGib > `50`].{id: WorkspaceId, gib: WorkspaceProperties.RootVolumeSizeGib}",
                       "merge(Workspaces[0].WorkspaceProperties, {extra: `1.5`})",
                       "values(Workspaces[0].WorkspaceProperties)",
                       "[ceil(`1.5`), floor(`-1.5`), abs(`-3`), to_number('2.50'), not_null(`null`, 'x')]",
                       "to_array(Workspaces[0].UserName)",
                       "[`1e-7`, `100.0`, `12345678901234567890`, `0.1`, `1.0e300`]",
                       "Workspaces[].WorkspaceProperties | [0]",
                       "Workspaces[1:].UserName",
                       "Workspaces[::-1].WorkspaceId",
                       "length(Workspaces[0].UserName)",
                       "{count: length(Workspaces), names: Workspaces[].UserName, first: Workspaces[0]}",
                   ])))
    tss = ["1700000000", "1700000000.5", "1700000000.123456", "1700000000.1234567", "1700000000.0000005",
           "1700000000.9999995", "0", "0.000001", "1e9", "1.5e9", "-1", "-1.5", "253402300799",
           "1700000000.000001", "1234567890.9999999"]
    for i, t in enumerate(tss):
        e.append(entry(f"timestamp-{i}", "DescribeWorkspaceSnapshots", ["--workspace-id", "ws-1"],
                       '{"RebuildSnapshots":[{"SnapshotTime":%s}],"RestoreSnapshots":[{"SnapshotTime":%s},{}]}' % (t, t),
                       all_outputs(["RebuildSnapshots[0].SnapshotTime"])))
    for i, t in enumerate(["2026-11-25T12:00:00Z", "2026-11-25T12:00:00.5+02:00", "2026-11-25 12:00:00",
                           "2026-11-25", "1700000000.25", "2026-11-25T12:00:00.1234567-0130"]):
        e.append(entry(f"timestamp-as-string-{i}", "DescribeWorkspaceSnapshots", ["--workspace-id", "ws-1"],
                       '{"RebuildSnapshots":[{"SnapshotTime":%s}]}' % json.dumps(t),
                       all_outputs(["RebuildSnapshots[0].SnapshotTime"])))
    update = "UpdateWorkspaceImagePermission"
    update_args = ["--image-id", "wsi-123456789abc", "--allow-copy-image", "--shared-account-id", "123456789012"]
    e.append(entry("update-empty-result", update, update_args, "{}",
                   all_outputs(["@", "ImageId", "[ImageId]", "{a: ImageId}"])))
    e.append(entry("update-unmodelled-members", update, update_args, '{"ImageId":"wsi-1","Extra":[1]}',
                   all_outputs(["ImageId"])))
    e.append(entry("update-empty-body", update,
                   ["--image-id", "wsi-1", "--no-allow-copy-image", "--shared-account-id", "123456789012"], "",
                   all_outputs([])))
    e.append(entry("map-login-message", "DescribeWorkspaceDirectories", [],
                   '{"Directories":[{"DirectoryId":"d-1","WorkspaceAccessProperties":{"DeviceTypeWindows":"ALLOW"}}]}',
                   all_outputs([])))
    e.append(entry("paginated-with-other-keys", "DescribeWorkspaceBundles", [],
                   '{"Bundles":[{"BundleId":"wsb-1","Name":"n","ComputeType":{"Name":"VALUE"},'
                   '"RootStorage":{"Capacity":"80"},"UserStorage":{"Capacity":"50"}}],"Extra":"x"}',
                   all_outputs(["Bundles[0].ComputeType.Name", "Bundles[].[BundleId, Name]"])))
    e.append(entry("paginated-empty", "DescribeWorkspaces", [], "{}", all_outputs(["Workspaces", "length(@)"])))
    e.append(entry("paginated-empty-list", "DescribeWorkspaces", [], '{"Workspaces":[]}',
                   all_outputs(["Workspaces"])))
    e.append(entry("account", "DescribeAccount", [],
                   '{"DedicatedTenancySupport":"ENABLED","DedicatedTenancyManagementCidrRange":"10.0.0.0/16",'
                   '"DedicatedTenancyAccountType":"SOURCE_ACCOUNT"}',
                   all_outputs(["DedicatedTenancySupport", "@"])))
    e.append(entry("connection-status", "DescribeWorkspacesConnectionStatus", [],
                   '{"WorkspacesConnectionStatus":[{"WorkspaceId":"ws-1","ConnectionState":"CONNECTED",'
                   '"ConnectionStateCheckTimestamp":1700000000.25,"LastKnownUserConnectionTimestamp":1700000000}]}',
                   all_outputs(["WorkspacesConnectionStatus[0].ConnectionStateCheckTimestamp"])))
    return e


# Operations both the Smithy model and the AWS CLI paginate (through NextToken), and the
# result key. DescribeApplications is paginated in the Smithy model only: the AWS CLI makes
# one request and prints the token (a known divergence, see differential.rs).
PAGINATED = {
    "DescribeWorkspaces": "Workspaces",
    "DescribeWorkspaceBundles": "Bundles",
    "DescribeWorkspaceDirectories": "Directories",
    "ListAccountLinks": "AccountLinks",
    "DescribeApplications": "Applications",
}


# The paginated operations with a page-size member (`--page-size` exists for them only).
PAGE_SIZE = {"DescribeWorkspaces", "ListAccountLinks", "DescribeApplications"}


def multi_page(rng):
    """Responses of several pages: page N+1 is served for a request with NextToken `page-N`
    (the first page for a request without one). Run with auto-pagination, --max-items,
    --page-size and --no-paginate."""
    out = []
    for name, key in PAGINATED.items():
        op = SHAPES[NS + name]
        out_shape = op["output"]["target"]
        boto_out = BOTO.operation_model(name).output_shape
        for i in range(3):
            n = rng.choice([2, 3])
            pages = []
            for p in range(n):
                doc = gen(out_shape, rng, 0, boto_out)
                doc.pop("NextToken", None)
                if rng.random() < 0.8 or p == 0:
                    # Most pages carry items (sometimes none: an empty middle page).
                    doc[key] = gen(SHAPES[out_shape]["members"][key]["target"], rng, 1,
                                   boto_out.members[key])
                if p + 1 < n:
                    doc["NextToken"] = f"page-{p + 1}"
                pages.append(dump(doc, rng))
            first = json.loads(pages[0])
            runs = runs_for({k: v for k, v in first.items() if v is not None and k != "NextToken"}, rng)
            runs += [
                [rng.choice(["json", "text", "table"]), None, ["--max-items", "1"]],
                [rng.choice(["json", "text"]), None,
                 ["--max-items", "2"] + (["--page-size", "1"] if name in PAGE_SIZE else [])],
                [rng.choice(["json", "text", "table"]), None, ["--no-paginate"]],
                [rng.choice(["json", "text"]), f"length({key})", ["--max-items", "3"]],
            ]
            out.append(entry(f"pages-{name}-{i}", name, [], pages[0], runs, pages[1:]))
    return out


def main():
    global BOTO
    with open(MODEL, encoding="utf-8") as f:
        model = json.load(f)
    SHAPES.update(model["shapes"])
    BOTO = get_session().get_service_model("workspaces")
    rng = random.Random(SEED)
    entries = hand_written()
    service = SHAPES[NS + "WorkspacesService"]
    operations = sorted(o["target"] for o in service["operations"])
    used = 0
    for op_id in operations:
        op = SHAPES[op_id]
        name = op_id.split("#")[1]
        out = op.get("output", {}).get("target")
        if not out or not SHAPES[out].get("members"):
            continue
        args = required_args(op)
        if args is None:
            continue
        boto_out = BOTO.operation_model(name).output_shape
        used += 1
        for i in range(DOCS_PER_OPERATION):
            doc = gen(out, rng, 0, boto_out)
            doc.pop("NextToken", None)  # one page: paginated operations make one request
            # Sometimes a member the model does not have (botocore drops it).
            if rng.random() < 0.2:
                doc["UnmodelledMember"] = {"x": [1, 2]}
            body = dump(doc, rng)
            plain = json.loads(body) if body else {}
            plain.pop("UnmodelledMember", None)
            plain = {k: v for k, v in plain.items() if v is not None}
            entries.append(entry(f"generated-{name}-{i}", name, args, body, runs_for(plain, rng)))
    entries += multi_page(rng)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(entries, f, ensure_ascii=False, indent=1)
        f.write("\n")
    runs = sum(len(e["runs"]) for e in entries)
    print(f"wrote {len(entries)} responses ({used} generated operations), {runs} runs to {OUT}")
    if SKIPPED_MEMBERS:
        print(f"left out {len(SKIPPED_MEMBERS)} members botocore does not model: {sorted(SKIPPED_MEMBERS)}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
