# The demo page (www/) and its browser tests.
#
#   make demo       build the package, then serve the page on
#                   http://127.0.0.1:8080/www/ (PORT=... to change the port);
#                   its "Check access" panel asks public registries through
#                   the server's POST /check (scripts/check.mjs)
#   make demo ALLOW_PRIVATE_REGISTRIES=1
#                   lets /check ask registries on loopback and private
#                   addresses too (a local registry); off by default, so the
#                   page cannot be used to probe the network around it
#   make test-e2e   the page in Debian's Chromium (playwright-core)
#
# scripts/serve.mjs serves the repository root, so the page at /www/ imports
# the package from /pkg/ exactly as built, without copying it.

TEST_TARGETS += test-e2e

.PHONY: demo test-e2e

demo: pkg
	node scripts/serve.mjs

test-e2e: pkg tools
	node --test tests/e2e/
