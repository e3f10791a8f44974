# Benchmarks and fuzzing (performance and hardening).
#
#   make bench   native criterion suite (benches/references.rs) and the JS
#                suite (bench/js/bench.mjs, against the built pkg/), then
#                both comparison tables
#   make instructions  instructions per reference under callgrind
#                (benches/instructions.rs), minus the do-nothing baseline,
#                for the byte-scan floor and the library's routines
#   make bench-access  the median time of one access check against the
#                local registries of tests/registry/ (docker-registry on
#                127.0.0.1; 20 checks each for Basic and token auth)
#   make fuzz    every cargo-fuzz target for FUZZ_RUNS executions each
#                (nightly toolchain; installs cargo-fuzz when missing)
#
# The worst-case guards (tests/worst_cases.rs, tests/js/worst_cases.test.mjs)
# and the fuzz regressions (tests/fuzz_regressions.rs) run in `make test`.

BENCH_OUT := target/bench
FUZZ_TARGETS := validate reference dockerconfig secret matching access
FUZZ_RUNS ?= 10000000

.PHONY: bench bench-native bench-js bench-access fuzz instructions tools-valgrind

bench: bench-native bench-js
	@echo
	@echo "==================== comparison ===================="
	@sed -n '/^native, /,$$p' $(BENCH_OUT)/native.txt
	@echo "---- registry-access/image ----"
	@sed -n '/^JS (Node /,$$p' $(BENCH_OUT)/js-image.txt
	@echo "---- registry-access ----"
	@sed -n '/^JS (Node /,$$p' $(BENCH_OUT)/js.txt

bench-native:
	@mkdir -p $(BENCH_OUT)
	cargo bench --bench references 2>&1 | tee $(BENCH_OUT)/native.txt

# Both modules: the image module is what a form field loads; then the
# cold-path functions (secrets, configs, policies), CPU time per call.
bench-js: pkg
	@mkdir -p $(BENCH_OUT)
	node bench/js/bench.mjs pkg/image 2>&1 | tee $(BENCH_OUT)/js-image.txt
	node bench/js/bench.mjs pkg 2>&1 | tee $(BENCH_OUT)/js.txt
	node bench/js/cold-path.mjs pkg 2>&1 | tee $(BENCH_OUT)/js-cold-path.txt

# Instructions do not depend on the machine's load, so these figures are
# comparable between runs on a busy machine, unlike times. Each routine runs
# over the whole corpus once in its own process; the baseline process does
# everything but the routine (start-up, reading and splitting the corpus).
INSTRUCTION_ROUTINES := floor validate-oci validate-codeEngine parse_normalized
CORPUS_SIZE = $$(wc -l < bench/corpus-10k.txt)

instructions: tools-valgrind
	@mkdir -p $(BENCH_OUT)
	@bin=$$(cargo bench --bench instructions --no-run 2>&1 | tee /dev/stderr | \
	    sed -n 's/.*Executable.*(\(.*\)).*/\1/p' | tail -n 1); \
	  count() { valgrind --tool=callgrind --callgrind-out-file=$(BENCH_OUT)/callgrind.$$1.out \
	    "$$bin" "$$1" 2>&1 >/dev/null | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'; }; \
	  base=$$(count baseline); n=$(CORPUS_SIZE); floor=; \
	  echo "instructions per reference over $$n references (callgrind, minus a baseline of $$base):"; \
	  for r in $(INSTRUCTION_ROUTINES); do \
	    per=$$(( ($$(count $$r) - base) / n )); floor=$${floor:-$$per}; \
	    awk -v r="$$r" -v p="$$per" -v f="$$floor" 'BEGIN { printf "  %-20s %7d  %5.2fx the floor\n", r, p, p / f }'; \
	  done; \
	  echo "profiles: $(BENCH_OUT)/callgrind.<routine>.out (callgrind_annotate)"

tools-valgrind:
	@command -v valgrind >/dev/null || { echo "installing valgrind"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }

bench-access: pkg tools-system
	node bench/js/access.mjs pkg 20

# One target at a time (-s none: no sanitizer, for speed; the native code
# under test has no unsafe blocks). --no-trace-compares: the seeds already
# hold the magic strings (sha256:, .icr.io, "auths"), and it nearly doubles
# the executions per second. The text targets stop at 1 KiB inputs (a
# reference has at most 255 characters; the megabyte cases are in
# tests/worst_cases.rs). New corpus entries stay local (fuzz/.gitignore);
# the seeds in fuzz/corpus/<target>/seed-* are in the repository.
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	@for t in $(FUZZ_TARGETS); do \
	  case $$t in validate|reference) len=-max_len=1024;; *) len=;; esac; \
	  echo "fuzz $$t: $(FUZZ_RUNS) runs"; \
	  cargo +nightly fuzz run -s none --no-trace-compares $$t -- \
	    -runs=$(FUZZ_RUNS) -reload=0 -print_final_stats=1 $$len 2>&1 | tail -n 25; \
	done
