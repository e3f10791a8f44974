//! The shape of `src/` (issue "diagnostics as data", items 4 and 5): the
//! top-level modules form layers, and a module may name only modules in its
//! own layer or below (`crate::NAME`, `$crate::NAME`, or a name the crate
//! root re-exports); no two top-level modules name each other; no source
//! file is over 800 lines.
//!
//! Known exceptions are listed below with the change that removes them.
//! An exception that no longer occurs fails the test too, so the lists only
//! shrink. Native only: it reads the source tree.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom up; a module path names a layer by its longest
/// listed prefix. Names of modules that do not exist yet are here so that
/// the order is written down once.
const LAYERS: &[&[&str]] = &[
    // Text and JSON helpers.
    &["lowercase", "gojson"],
    // Diagnostics: the result types and the declaration tables. `message`
    // is the machinery of those tables (`declare_codes!`, and `Severity`);
    // `codes` holds the tables of the registry, secret and credential
    // checks, below all three. `serialize` is how result types serialize
    // (spans, enums by name), for every layer above.
    &["diagnostics", "message", "codes", "serialize"],
    // Registry data: the ICR table, Docker Hub's hosts and key, and the
    // closest ICR domain (an edit distance over that table).
    &["registry_data"],
    &["reference"],
    // Registry info: `registry_info`, kinds, closest ICR domain.
    &["registry"],
    // Kubelet key matching: `effective_key`, URL parsing, the explanation.
    &["kubelet"],
    // Credential checks: name, username, password rules.
    &["credential"],
    &["secret", "dockerconfig"],
    &["matching"],
    &["access"],
    &["policy"],
    &["binding"],
];

/// (module, module it names, why it is allowed for now).
const ALLOWED_UPWARD: &[(&str, &str, &str)] = &[];

/// Files over [`MAX_LINES`], being split on other branches.
const ALLOWED_LONG: &[(&str, &str)] = &[];

const MAX_LINES: usize = 800;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, as a path relative to it.
fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src/ is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(&src(), &src(), &mut out);
    out.sort();
    out
}

/// `reference/mod.rs` → `reference`, `registry_data/known.rs` →
/// `registry_data::known`; `None` for the crate root.
fn module_of(file: &Path) -> Option<String> {
    let mut parts: Vec<String> = file.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop()?;
    let stem = last.strip_suffix(".rs")?;
    if stem != "mod" {
        parts.push(stem.to_string());
    }
    let path = parts.join("::");
    (path != "lib" && !path.is_empty()).then_some(path)
}

fn top(path: &str) -> &str {
    path.split("::").next().unwrap_or(path)
}

/// The unit a module path belongs to for the cycle check: its top-level
/// module (issue 10: no cycle between `src/`'s top-level modules).
fn unit(path: &str) -> String {
    top(path).to_string()
}

/// The layer of a module path: the longest listed prefix decides.
fn layer(path: &str) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, names) in LAYERS.iter().enumerate() {
        for name in *names {
            let hit = path == *name || path.starts_with(&format!("{name}::"));
            if hit && best.map_or(true, |(len, _)| name.len() > len) {
                best = Some((name.len(), i));
            }
        }
    }
    best.map(|(_, i)| i)
}

/// The text without comments (`//` to the end of the line; doc comments
/// name modules in links, which is not a dependency).
fn code(text: &str) -> String {
    text.lines().map(|l| l.find("//").map_or(l, |i| &l[..i])).collect::<Vec<_>>().join("\n")
}

/// The module paths (up to two segments) a text names through `crate::`:
/// `crate::a::b::C` gives `a::b`, `crate::{a, b::{c, D}}` gives `a`, `b::c`
/// and `b::D`. Callers resolve names the crate root re-exports.
fn named_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find("crate::") {
        let at = from + i;
        from = at + "crate::".len();
        let before = at.checked_sub(1).map(|j| b[j]);
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_') {
            continue;
        }
        paths_at(text, from, String::new(), &mut out);
    }
    out
}

/// Reads a path or a `{…}` group at `at`, with `prefix` already read.
fn paths_at(text: &str, at: usize, prefix: String, out: &mut Vec<String>) {
    let rest = &text[at..];
    if let Some(group) = rest.strip_prefix('{') {
        // Split the group's top level at commas.
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    item(text, at + 1 + start, &prefix, out);
                    return;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    item(text, at + 1 + start, &prefix, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        return;
    }
    let ident: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    if ident.is_empty() || ident == "self" {
        if !prefix.is_empty() {
            out.push(prefix);
        }
        return;
    }
    let path = if prefix.is_empty() { ident.clone() } else { format!("{prefix}::{ident}") };
    let after = &rest[ident.len()..];
    if path.contains("::") || !after.starts_with("::") {
        out.push(path);
    } else {
        paths_at(text, at + ident.len() + 2, path, out);
    }
}

fn item(text: &str, at: usize, prefix: &str, out: &mut Vec<String>) {
    let skip = text[at..].len() - text[at..].trim_start().len();
    paths_at(text, at + skip, prefix.to_string(), out);
}

/// Names the crate root re-exports (`pub use module::{A, B}`), by name.
fn root_reexports() -> BTreeMap<String, String> {
    let lib = code(&std::fs::read_to_string(src().join("lib.rs")).unwrap());
    let mut map = BTreeMap::new();
    for stmt in lib.split(';') {
        let Some(rest) = stmt.trim().strip_prefix("pub use ") else { continue };
        let rest = rest.trim_start_matches("crate::");
        for path in named_paths(&format!("crate::{rest}")) {
            if let Some((module, name)) = path.split_once("::") {
                map.insert(name.to_string(), module.to_string());
            }
        }
    }
    map
}

/// (module, module path it names) for every file under `src/`.
fn edges() -> BTreeSet<(String, String)> {
    let reexports = root_reexports();
    let mut out = BTreeSet::new();
    for file in sources() {
        let Some(module) = module_of(&file) else { continue };
        let text = code(&std::fs::read_to_string(src().join(&file)).unwrap());
        for path in named_paths(&text) {
            let first = top(&path);
            let target = match reexports.get(first) {
                Some(module) => module.clone(),
                None => path.clone(),
            };
            // `crate::declare_codes!` and other root macros name no module.
            if !src().join(format!("{}.rs", top(&target))).exists() && !src().join(top(&target)).is_dir() {
                continue;
            }
            if top(&target) != top(&module) {
                out.insert((module.clone(), target));
            }
        }
    }
    out
}

#[test]
fn every_module_has_a_layer() {
    let unplaced: Vec<String> = sources().iter().filter_map(|f| module_of(f)).filter(|m| layer(m).is_none()).collect();
    assert_eq!(unplaced, Vec::<String>::new(), "add these modules to LAYERS in tests/layers.rs");
}

#[test]
fn no_module_names_one_above_it() {
    let mut violations = BTreeSet::new();
    for (from, to) in edges() {
        let (Some(a), Some(b)) = (layer(&from), layer(&to)) else { continue };
        if b > a {
            violations.insert((top(&from).to_string(), top(&to).to_string(), format!("{from} names {to}")));
        }
    }
    let mut problems = Vec::new();
    for (from, to, what) in &violations {
        if !ALLOWED_UPWARD.iter().any(|(a, b, _)| a == from && b == to) {
            problems.push(format!("{what}, which is in a higher layer"));
        }
    }
    for (a, b, why) in ALLOWED_UPWARD {
        if !violations.iter().any(|(from, to, _)| from == a && to == b) {
            problems.push(format!("allowed {a} -> {b} no longer occurs ({why}): remove it from ALLOWED_UPWARD"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_two_modules_name_each_other() {
    // Within a layer nothing orders the modules, so check for cycles
    // directly (between layers the test above rules them out).
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in edges() {
        let allowed = ALLOWED_UPWARD.iter().any(|(a, b, _)| *a == top(&from) && *b == top(&to));
        if !allowed && unit(&from) != unit(&to) {
            graph.entry(unit(&from)).or_default().insert(unit(&to));
        }
    }
    let mut cycles = Vec::new();
    for start in graph.keys() {
        // Depth-first from `start`, looking for a way back to it.
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if next == start {
                    cycles.push(format!("{} -> {start}", path.join(" -> ")));
                } else if seen.insert(next.clone()) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next.clone(), p));
                }
            }
        }
    }
    assert!(cycles.is_empty(), "cycles between modules:\n{}", cycles.join("\n"));
}

#[test]
fn no_source_file_is_over_800_lines() {
    let mut problems = Vec::new();
    let mut long = BTreeSet::new();
    for file in sources() {
        let lines = std::fs::read_to_string(src().join(&file)).unwrap().lines().count();
        let name = file.to_string_lossy().replace('\\', "/");
        if lines > MAX_LINES {
            long.insert(name.clone());
            if !ALLOWED_LONG.iter().any(|(f, _)| *f == name) {
                problems.push(format!("src/{name} has {lines} lines (at most {MAX_LINES})"));
            }
        }
    }
    for (file, why) in ALLOWED_LONG {
        if !long.contains(*file) {
            problems
                .push(format!("src/{file} is no longer over {MAX_LINES} lines ({why}): remove it from ALLOWED_LONG"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The reader of `crate::` paths, on the forms the sources use.
#[test]
fn reads_crate_paths() {
    let text = "use crate::diagnostics::{Fix, Span};\nuse crate::{a, b::{c, D}};\nlet x = crate::reference::oci::validate(s);\n$crate::message::Declared\nfoo_crate::x";
    assert_eq!(
        named_paths(text),
        ["diagnostics::Fix", "diagnostics::Span", "a", "b::c", "b::D", "reference::oci", "message::Declared"]
    );
    assert_eq!(layer("registry_data::known::X"), Some(2));
    assert_eq!(layer("registry::mod"), Some(4));
    assert_eq!(layer("reference::grammar"), Some(3));
    assert_eq!(module_of(Path::new("reference/mod.rs")).as_deref(), Some("reference"));
    assert_eq!(module_of(Path::new("lib.rs")), None);
}
