//! Allocations while validating a valid reference (issue "diagnostics as
//! data", item 3) over the benchmark corpus, counted per thread by a global
//! allocator that only this test binary installs.
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use std::borrow::Cow;

use registry_access::{validate, Profile, Reference};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|a| a.set(a.get() + 1));
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|a| a.set(a.get() + 1));
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations (and reallocations) made by this thread while `f` runs.
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.with(Cell::get);
    let out = f();
    (ALLOCATIONS.with(Cell::get) - before, out)
}

fn corpus() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/bench/corpus-10k.txt")).expect("the corpus")
}

/// Every valid line of the corpus, in both profiles, allocates nothing:
/// components and message arguments are pieces of the input, notes sit in
/// an inline array, and `normalized` and `familiar` are joined only when
/// asked for (borrowed when the input is that text). Both forms are
/// upstream's for `oci`, checked against `Reference`. The one exception is a
/// warning's fix (`icr_unknown_domain`, `deprecated_registry_domain`): its
/// replacement is new text, not a piece of the input, and is built when
/// found.
#[test]
fn a_valid_reference_allocates_nothing() {
    for profile in [Profile::Oci, Profile::CodeEngine] {
        let mut valid = 0;
        for line in corpus().lines() {
            let (n, (ok, fixes)) = allocations(|| {
                let v = validate(line, profile);
                (v.valid, v.diagnostics.iter().any(|d| d.fix.is_some()))
            });
            if !ok || fixes {
                continue;
            }
            valid += 1;
            assert_eq!(n, 0, "{profile:?} {line}");
            if profile == Profile::Oci {
                let r = Reference::parse_normalized(line).unwrap();
                let v = validate(line, profile);
                assert_eq!(v.normalized().as_deref(), Some(r.to_string().as_str()), "{line}");
                assert_eq!(v.familiar().as_deref(), Some(r.familiar().as_str()), "{line}");
                assert!(matches!(v.familiar(), Some(Cow::Borrowed(_))), "{line}");
            }
        }
        assert!(valid > 7000, "{profile:?}: {valid} valid lines");
    }
}

/// A canonical reference's normalized text is the input itself, borrowed.
#[test]
fn canonical_text_is_borrowed() {
    let v = validate("us.icr.io/team1/app:1.0", Profile::Oci);
    assert!(matches!(v.normalized(), Some(Cow::Borrowed("us.icr.io/team1/app:1.0"))));
    let v = validate("us.icr.io/team1/app:1.0", Profile::CodeEngine);
    assert!(matches!(v.normalized(), Some(Cow::Borrowed("us.icr.io/team1/app:1.0"))));
}

/// The counter counts.
#[test]
fn the_counter_counts() {
    let (n, v) = allocations(|| vec![1u8; 10]);
    assert_eq!((n, v.len()), (1, 10));
    assert_eq!(allocations(|| 1 + 1).0, 0);
}
