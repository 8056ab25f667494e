"""Seed: the links every suite may rely on. Run once after the environment is ready;
running it again changes nothing (a taken code is fine)."""

import sys

from client import request
from environment import api_token, base_url

SEED_LINKS = {
    "docs": "https://example.org/docs",
    "status": "https://example.org/status",
    "pricing": "https://example.org/pricing",
}


def main():
    created = 0
    for code, url in SEED_LINKS.items():
        status, _, body = request("POST", f"{base_url()}/links", {"code": code, "url": url}, token=api_token())
        if status == 201:
            created += 1
        elif status != 409:
            print(f"seed: POST /links for {code} answered {status}: {body}", file=sys.stderr)
            return 1
    print(f"seed: {created} links created, {len(SEED_LINKS) - created} already there")
    return 0


if __name__ == "__main__":
    sys.exit(main())
