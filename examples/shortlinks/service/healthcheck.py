"""Docker's health probe for the service: one line saying why, exit 0 when /health is 200."""

import os
import sys
import urllib.error
import urllib.request

url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/health"
try:
    with urllib.request.urlopen(url, timeout=2) as response:
        print(f"{url}: {response.status}")
        sys.exit(0 if response.status == 200 else 1)
except urllib.error.HTTPError as error:
    sys.exit(f"{url}: {error.code} {error.read(200).decode(errors='replace')}")
except OSError as error:
    sys.exit(f"{url}: {getattr(error, 'reason', error)}")
