//! registry-access: validate container image names and build registry
//! pull-secret material, natively in Rust and (through `src/binding.rs`) in
//! WebAssembly.
//!
//! Modules, one per concept:
//! - [`reference`]: the image-reference grammar (distribution/reference, the
//!   `oci` profile) and the Code Engine rules (the `codeEngine` profile);
//! - [`diagnostics`]: the result shape of validation, the one diagnostic
//!   type of every family (`Diagnostic<L>`, located by an image component,
//!   a secret field, a place in a config, …) and the image codes' table
//!   (types only; [`validate`] and [`Profile`] are `reference`'s);
//! - [`message`]: the declaration tables' machinery (`declare_codes!`),
//!   message arguments and quoting;
//! - [`registry`]: known registries and credential keys;
//! - [`credential`]: a credential against its registry's conventions;
//! - [`secret`]: building a registry secret (`.dockerconfigjson`, Secret
//!   manifests, CLI commands);
//! - [`dockerconfig`]: reading and editing existing `.dockerconfigjson`;
//! - [`matching`]: which credentials an image pull uses (the kubelet's rules);
//! - [`policy`]: image policies (allowed and blocked registries, tags,
//!   digests) and pinning an image to a digest;
//! - [`access`]: checking that a pull would work, as a sans-I/O state machine.
//!
//! The result types derive `serde::Serialize` with the field names of the
//! JavaScript API (camelCase); the binding hands them to JavaScript as they
//! are.

// First: its macro is used by the modules below.
#[macro_use]
mod serialize;

pub mod access;
mod codes;
pub mod credential;
pub mod diagnostics;
pub mod dockerconfig;
pub mod gojson;
mod kubelet;
mod lowercase;
pub mod matching;
pub mod message;
pub mod policy;
pub mod reference;
pub mod registry;
mod registry_data;
pub mod secret;

#[cfg(target_arch = "wasm32")]
mod binding;

// The allocator of both wasm modules: talc in place of the standard
// library's dlmalloc, 6.8 KB (2.8 KB gzip) smaller in the image module, at
// the same cold start and per-call times within this machine's noise
// (README, "Size"). The modules are single-threaded: its lock-free form.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use diagnostics::{Code, Component, Components, Diagnostic, Fix, Severity, Span, State, Validation};
pub use reference::{validate, Error, Profile, Reference};

// The README's Rust example runs as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
