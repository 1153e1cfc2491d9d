"""Runs the AWS CLI v1 (the `awscli` package) on many argument lists in ONE Python process.

Usage: python driver.py CASES.json
CASES.json holds a list of argument lists (without the leading `aws`). Prints one JSON list
with, for each case, {"rc": int, "stdout": str, "stderr": str}, in the same order.

Starting `aws` once per case costs about 400 ms; here each case gets a fresh CLIDriver and
botocore session (so no per-command state carries over), and only the data loader, which
caches the parsed JSON models and holds no per-command state, is shared.
"""

import io
import json
import sys

from awscli.clidriver import create_clidriver


def run(args, loader):
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="replace", write_through=True)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        driver = create_clidriver()
        if loader:
            driver.session.register_component("data_loader", loader[0])
        else:
            loader.append(driver.session.get_component("data_loader"))
        try:
            rc = driver.main(list(args))
        except SystemExit as e:  # argparse exits on usage errors
            rc = e.code if isinstance(e.code, int) else 1
        out.flush()
        err.flush()
    finally:
        sys.stdout, sys.stderr = saved
    return {
        "rc": rc,
        "stdout": out_bytes.getvalue().decode("utf-8", errors="replace"),
        "stderr": err_bytes.getvalue().decode("utf-8", errors="replace"),
    }


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    loader = []  # the first session's data loader, shared by the later ones
    results = [run(args, loader) for args in cases]
    sys.stdout.write(json.dumps(results, ensure_ascii=True))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
