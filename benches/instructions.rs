//! Instructions per reference under callgrind (`make instructions`): one
//! routine, chosen by the first argument, over the whole corpus
//! (`bench/corpus-10k.txt`) once, so that callgrind's total for a routine
//! minus the total for `baseline` (the same program doing nothing with the
//! corpus) is the routine's cost; mk/bench.mk divides it by the corpus size.
//!
//! Instruction counts do not depend on the machine's load, which timings on
//! a shared machine do; criterion (`benches/references.rs`) gives the times.
//! Without an argument (as under `cargo test --all-targets`) every routine
//! runs once as a smoke test.

use registry_access::{validate, Profile, Reference};
use std::hint::black_box;

/// The routines, by the name the make target passes.
const ROUTINES: &[&str] = &["baseline", "floor", "validate-oci", "validate-codeEngine", "parse_normalized"];

fn run(routine: &str, refs: &[&str]) {
    match routine {
        // Reads the corpus and splits it like the others, then stops.
        "baseline" => {
            black_box(refs);
        }
        // The byte-scan floor of benches/references.rs: every byte looked at
        // once through `black_box`, nothing else.
        "floor" => {
            for s in refs {
                for &byte in black_box(*s).as_bytes() {
                    black_box(byte);
                }
            }
        }
        "validate-oci" => {
            for s in refs {
                black_box(validate(black_box(s), Profile::Oci));
            }
        }
        "validate-codeEngine" => {
            for s in refs {
                black_box(validate(black_box(s), Profile::CodeEngine));
            }
        }
        "parse_normalized" => {
            for s in refs {
                let _ = black_box(Reference::parse_normalized(black_box(s)));
            }
        }
        other => {
            eprintln!("unknown routine {other:?}; one of {ROUTINES:?}");
            std::process::exit(2);
        }
    }
}

fn main() {
    // Split on "\n" only, as benches/references.rs does.
    let text: &'static str = include_str!("../bench/corpus-10k.txt");
    let refs: Vec<&str> = text.split_terminator('\n').collect();
    // cargo passes `--bench` (or test flags) to a harness-free bench; a
    // routine name is the only argument that selects one.
    match std::env::args().skip(1).find(|a| ROUTINES.contains(&a.as_str())) {
        Some(routine) => {
            run(&routine, &refs);
            println!("{routine}: {} references", refs.len());
        }
        None => {
            for routine in ROUTINES {
                run(routine, &refs);
            }
        }
    }
}
