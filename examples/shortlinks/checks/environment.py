"""What the seed and the suite know of the environment: the stack's outputs, which the
tool hands over as a JSON file (EPHEMERAL_OUTPUTS) and as EPHEMERAL_OUTPUT_<NAME>."""

import json
import os


def output(name):
    path = os.environ.get("EPHEMERAL_OUTPUTS")
    if path:
        with open(path, encoding="utf-8") as file:
            outputs = json.load(file)
        if name in outputs:
            return outputs[name]
    value = os.environ.get("EPHEMERAL_OUTPUT_" + name.upper())
    if value is None:
        raise SystemExit(f"output {name!r} is missing: run me through ephemeral (EPHEMERAL_OUTPUTS)")
    return value


def base_url():
    return output("url").rstrip("/")


def api_token():
    return output("apiToken")
