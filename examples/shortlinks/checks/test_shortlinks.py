"""The shortlinks suite: runs against a live environment (its URL and token come from
the stack's outputs) and expects the seed to have run."""

import secrets
import unittest

from client import request
from environment import api_token, base_url
from seed import SEED_LINKS


class HealthTest(unittest.TestCase):
    def test_health_reports_the_database_reachable(self):
        status, _, body = request("GET", f"{base_url()}/health")
        self.assertEqual((status, body), (200, {"status": "ok"}))


class SeedTest(unittest.TestCase):
    def test_every_seeded_code_redirects_to_its_url(self):
        for code, url in SEED_LINKS.items():
            with self.subTest(code=code):
                status, headers, _ = request("GET", f"{base_url()}/{code}")
                self.assertEqual(status, 302)
                self.assertEqual(headers["Location"], url)

    def test_the_list_holds_the_seeded_links(self):
        status, _, body = request("GET", f"{base_url()}/links")
        self.assertEqual(status, 200)
        self.assertLessEqual(set(SEED_LINKS), {link["code"] for link in body["links"]})


class LinkTest(unittest.TestCase):
    def create(self, url, code=None, token=None):
        body = {"url": url, **({"code": code} if code else {})}
        return request("POST", f"{base_url()}/links", body, token=api_token() if token is None else token)

    def test_a_new_link_redirects_and_counts_its_hits(self):
        status, _, created = self.create("https://example.org/a-new-page")
        self.assertEqual(status, 201)
        for _ in range(2):
            status, headers, _ = request("GET", f"{base_url()}/{created['code']}")
            self.assertEqual((status, headers["Location"]), (302, "https://example.org/a-new-page"))
        status, _, link = request("GET", f"{base_url()}/links/{created['code']}")
        self.assertEqual((status, link["hits"]), (200, 2))

    def test_creating_without_the_token_is_refused(self):
        status, _, _ = self.create("https://example.org/x", token="not-the-token")
        self.assertEqual(status, 401)

    def test_a_url_that_is_not_http_is_refused(self):
        status, _, body = self.create("javascript:alert(1)")
        self.assertEqual(status, 400)
        self.assertIn("url", body["error"])

    def test_a_taken_code_is_refused(self):
        code = "t-" + secrets.token_hex(4)
        self.assertEqual(self.create("https://example.org/first", code=code)[0], 201)
        self.assertEqual(self.create("https://example.org/second", code=code)[0], 409)

    def test_an_unknown_code_is_not_found(self):
        status, _, _ = request("GET", f"{base_url()}/no-such-code-here")
        self.assertEqual(status, 404)


if __name__ == "__main__":
    unittest.main()
