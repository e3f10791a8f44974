# The npm package: WebAssembly build, JS wrapper and types, size report, and
# the tests of every runtime (wasm-bindgen-test under Node and Chromium, the
# packed tarball under Node, a plain page, a Vite build, an edge Worker).
#
#   make tools   install what a fresh machine lacks (idempotent, fast when present)
#   make pkg     build pkg/ (the npm package)
#   make size    raw, gzip and brotli bytes of the .wasm and the JS glue
#   make size-profile  what each .wasm is made of, by crate and module (twiggy)

TOOLS_DIR := $(HOME)/.cache/registry-access
CRATE := registry_access
WASM_OUT := target/wasm32-unknown-unknown/release/$(CRATE).wasm
# The wasm-bindgen CLI must be exactly the version of the crate in Cargo.lock.
WB_VERSION = $(shell awk '$$0=="name = \"wasm-bindgen\""{getline; gsub(/"/,"",$$3); print $$3}' Cargo.lock)
export PATH := $(TOOLS_DIR)/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export CHROMEDRIVER := /usr/bin/chromedriver
export CHROMIUM := /usr/bin/chromium

TEST_TARGETS += test-wasm test-js

.PHONY: tools tools-system tools-rust tools-npm tools-twiggy pkg size size-profile test-wasm test-js

tools: tools-system tools-rust tools-npm

# docker-registry (distribution 2.8) and htpasswd (apache2-utils): the real
# registry the access-check tests start on loopback (tests/registry/);
# openssl makes their token issuer's key and certificate.
tools-system:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && \
	    [ -x /usr/bin/docker-registry ] && [ -x /usr/bin/htpasswd ] && [ -x /usr/bin/openssl ]; then :; else \
	  echo "installing chromium, chromedriver, docker-registry and apache2-utils"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium chromium-driver docker-registry apache2-utils openssl >/dev/null; fi

tools-rust:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@[ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(WB_VERSION)" ] || \
	  cargo install wasm-bindgen-cli --version "$(WB_VERSION)" --locked --root "$(TOOLS_DIR)"

# npm ci only when the lockfile changed since the last install.
tools-npm: node_modules/.installed
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# Panic locations name a dependency's source file by its absolute path in
# the cargo registry; the package gets it relative to the registry instead
# (no build machine's home directory in the .wasm, and shorter).
REGISTRY_SRC := $(or $(CARGO_HOME),$(HOME)/.cargo)/registry/src/

# -Oz until it stops shrinking; the producers and target_features custom
# sections are build metadata no runtime reads. (Bulk memory and the other
# features Rust enables by default are read from the module itself.)
WASM_OPT_FLAGS := -Oz --converge --strip-producers --strip-target-features

# $(call wasm_bindgen,CARGO_FLAGS,OUT_DIR): the release build of the crate
# and wasm-bindgen's output from it, before wasm-opt.
define wasm_bindgen
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=$(REGISTRY_SRC)=" \
	  cargo build --release --target wasm32-unknown-unknown --lib $(1)
	wasm-bindgen --target web --out-dir $(2) $(WASM_OUT)
endef

# One crate, two modules (SPEC §7): the image module is the same crate built
# without the `full` feature, into pkg/image/; the full module into pkg/.
# $(call wasm_module,CARGO_FLAGS,OUT_DIR)
define wasm_module
	$(call wasm_bindgen,$(1),$(2))
	wasm-opt $(WASM_OPT_FLAGS) $(2)/$(CRATE)_bg.wasm -o $(2)/$(CRATE)_bg.wasm
	rm -f $(2)/.gitignore $(2)/$(CRATE)_bg.wasm.d.ts $(2)/$(CRATE).d.ts
endef

pkg: tools-rust tools-npm
	rm -rf pkg
	$(call wasm_module,--no-default-features,pkg/image)
	$(call wasm_module,,pkg)
	node js/write-entries.mjs pkg
	node js/write-types.mjs js/api.d.ts pkg/api.d.ts
	cp js/README.md pkg/README.md
	node js/write-package-json.mjs Cargo.toml pkg/package.json

size: pkg
	@node js/size.mjs pkg/image
	@node js/size.mjs pkg

# What each module is made of (README, "Size"): the same build with its name
# section kept through wasm-opt (-g: the code is the same, and the totals
# printed leave the names out, so they are `make size`'s raw bytes),
# profiled by twiggy and summed by crate and module, with the five largest
# items of each group. twiggy's own views work on the same files:
# `twiggy dominators target/size-profile/image.wasm`.
PROFILE_DIR := target/size-profile
size-profile: tools-rust tools-npm tools-twiggy
	@mkdir -p $(PROFILE_DIR)
	$(call wasm_bindgen,--no-default-features,$(PROFILE_DIR)/image-bindgen)
	wasm-opt $(WASM_OPT_FLAGS) -g $(PROFILE_DIR)/image-bindgen/$(CRATE)_bg.wasm -o $(PROFILE_DIR)/image.wasm
	$(call wasm_bindgen,,$(PROFILE_DIR)/full-bindgen)
	wasm-opt $(WASM_OPT_FLAGS) -g $(PROFILE_DIR)/full-bindgen/$(CRATE)_bg.wasm -o $(PROFILE_DIR)/full.wasm
	@for m in image full; do \
	  twiggy top -n 100000 --format csv $(PROFILE_DIR)/$$m.wasm > $(PROFILE_DIR)/$$m.csv; \
	  echo "== $$m module"; node js/size-profile.mjs $(PROFILE_DIR)/$$m.csv 5; done

# Only `make size-profile` needs it.
tools-twiggy:
	@command -v twiggy >/dev/null || cargo install twiggy --version 0.8.0 --locked --root "$(TOOLS_DIR)"

# wasm-bindgen-test: every integration test file compiled to wasm, under
# Node and then under headless Chromium (flags in webdriver.json).
test-wasm: tools-system tools-rust
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  cargo test --target wasm32-unknown-unknown --tests
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner WASM_BINDGEN_USE_BROWSER=1 \
	  cargo test --target wasm32-unknown-unknown --tests

# The packed tarball under Node, the types, a page, a Vite build, the Worker.
# Each test file packs pkg/ and installs the tarball into its own scratch
# folder under target/npm/.
test-js: pkg tools-system
	node --test --test-concurrency=2 tests/js/
