//! Native benchmarks over the 10k reference corpus (`bench/corpus-10k.txt`,
//! a copy of `../shared/bench/corpus-10k.txt`).
//!
//! Every benchmark handles the whole corpus per iteration, so criterion's
//! figures are per 10k references; the summary at the end divides by the
//! corpus size and prints ns per reference with the ratios to the byte-scan
//! floor and to each peer, read back from criterion's own
//! `new/estimates.json` files (so the table shows exactly what criterion
//! measured).
//!
//! Run with `cargo bench --bench references` (or `make bench`). Under
//! `cargo test --all-targets` criterion runs each routine once as a smoke
//! test and the summary is skipped.

use criterion::{Criterion, Throughput};
use registry_access::{validate, Profile, Reference};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

const GROUP: &str = "corpus-10k";

/// The corpus, split on "\n" only (never trimmed: leading and trailing
/// whitespace are part of what is measured). The file ends with a newline,
/// which terminates the last reference rather than starting an empty one.
fn corpus() -> Vec<&'static str> {
    let text: &'static str = include_str!("../bench/corpus-10k.txt");
    text.split_terminator('\n').collect()
}

/// One routine per row of the table: (id, label).
const ROWS: &[(&str, &str)] = &[
    ("floor-byte-scan", "byte-scan floor (black_box every byte)"),
    ("validate-codeEngine", "registry_access::validate(CodeEngine)"),
    ("validate-oci", "registry_access::validate(Oci)"),
    ("parse_normalized", "registry_access::Reference::parse_normalized"),
    ("peer-oci-spec", "oci_spec::distribution::Reference::try_from"),
    ("peer-docker-image-reference", "docker_image_reference::Reference::from_str"),
];

fn run_benchmarks(c: &mut Criterion, refs: &[&'static str]) {
    let mut group = c.benchmark_group(GROUP);
    group.throughput(Throughput::Elements(refs.len() as u64));

    // The floor: read every byte once and nothing else. `black_box` on each
    // byte keeps the compiler from skipping or vectorizing the reads away,
    // so this is the cost of merely looking at the input.
    group.bench_function("floor-byte-scan", |b| {
        b.iter(|| {
            for s in refs {
                for &byte in black_box(*s).as_bytes() {
                    black_box(byte);
                }
            }
        })
    });
    group.bench_function("validate-codeEngine", |b| {
        b.iter(|| {
            for s in refs {
                black_box(validate(black_box(s), Profile::CodeEngine));
            }
        })
    });
    group.bench_function("validate-oci", |b| {
        b.iter(|| {
            for s in refs {
                black_box(validate(black_box(s), Profile::Oci));
            }
        })
    });
    group.bench_function("parse_normalized", |b| {
        b.iter(|| {
            for s in refs {
                let _ = black_box(Reference::parse_normalized(black_box(s)));
            }
        })
    });
    group.bench_function("peer-oci-spec", |b| {
        b.iter(|| {
            for s in refs {
                let _ = black_box(oci_spec::distribution::Reference::try_from(black_box(*s)));
            }
        })
    });
    group.bench_function("peer-docker-image-reference", |b| {
        b.iter(|| {
            for s in refs {
                let _ = black_box(docker_image_reference::Reference::from_str(black_box(s)));
            }
        })
    });
    group.finish();
}

/// Where criterion writes its results: the same rule criterion applies
/// ($CRITERION_HOME, else $CARGO_TARGET_DIR/criterion, else target/criterion
/// beside Cargo.toml), set explicitly so the summary reads the same files.
fn output_directory() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("criterion")
}

/// The median time of one iteration (the whole corpus) in ns, from
/// `<dir>/<group>/<id>/new/estimates.json`.
fn median_ns(dir: &std::path::Path, id: &str) -> Option<f64> {
    let path = dir.join(GROUP).join(id).join("new").join("estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn print_summary(dir: &std::path::Path, refs: &[&str]) {
    let n = refs.len() as f64;
    let bytes: usize = refs.iter().map(|s| s.len()).sum();
    let per_ref: Vec<Option<f64>> = ROWS.iter().map(|(id, _)| median_ns(dir, id).map(|t| t / n)).collect();
    let floor = per_ref[0];
    let oci_spec = per_ref[4];
    let dir_peer = per_ref[5];
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}x", a / b),
        _ => "-".to_string(),
    };
    println!();
    println!(
        "native, {} references ({} bytes, {:.1} bytes/reference), median of criterion's samples:",
        refs.len(),
        bytes,
        bytes as f64 / n
    );
    println!(
        "{:<48} {:>10} {:>9} {:>10} {:>24}",
        "routine", "ns/ref", "x floor", "x oci-spec", "x docker-image-reference"
    );
    for ((_, label), t) in ROWS.iter().zip(&per_ref) {
        let ns = t.map(|t| format!("{t:.1}")).unwrap_or_else(|| "-".into());
        println!(
            "{:<48} {:>10} {:>9} {:>10} {:>24}",
            label,
            ns,
            ratio(*t, floor),
            ratio(*t, oci_spec),
            ratio(*t, dir_peer)
        );
    }
    // The goals of issue 10 (diagnostics as data): validate(Oci) within 1.6x
    // the floor, validate(CodeEngine) within 2.5x.
    for (i, profile, goal) in [(1, "codeEngine", 2.5), (2, "oci", 1.6)] {
        if let (Some(t), Some(f)) = (per_ref[i], floor) {
            let r = t / f;
            println!(
                "target validate({profile}) <= {goal}x floor: {:.2}x {}",
                r,
                if r <= goal { "met" } else { "NOT met" }
            );
        }
    }
}

fn main() {
    let refs = corpus();
    let dir = output_directory();
    let mut criterion = Criterion::default()
        .output_directory(&dir)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .sample_size(40)
        .configure_from_args();
    run_benchmarks(&mut criterion, &refs);
    criterion.final_summary();
    // `cargo bench` passes --bench; `cargo test` does not, and then criterion
    // only smoke-tests each routine once and writes no estimates.
    if std::env::args().any(|a| a == "--bench") {
        print_summary(&dir, &refs);
    }
}
