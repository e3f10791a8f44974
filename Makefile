# registry-access
#   make test   installs whatever a fresh machine lacks and runs every test
#   make demo   builds the package and serves the demo page
#
# Each concern keeps its targets in mk/*.mk and adds its test target to
# TEST_TARGETS (in the order they should run); `test` runs them all.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := test

TEST_TARGETS := test-native

include $(sort $(wildcard mk/*.mk))

.PHONY: test test-native
test: $(TEST_TARGETS)
	@echo "make test: all suites passed"

# Native Rust: formatting and lints first (cheap, and a habit rather than a
# review comment), then unit, integration, conformance, property and doc tests.
test-native:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo test --all-targets
	cargo test --doc
