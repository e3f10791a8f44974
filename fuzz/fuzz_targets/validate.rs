//! `validate` under both profiles: no panic, consistent results, spans on
//! char boundaries, and the profile relation of SPEC §1.3 (valid under
//! `codeEngine` without a `registry_underscore` warning ⇒ valid under `oci`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use registry_access::{validate, Code, Profile};

mod common;

fuzz_target!(|data: &[u8]| {
    // The Rust API takes &str; arbitrary bytes reach it through the lossy
    // conversion a caller holding bytes would use.
    let input = String::from_utf8_lossy(data);
    let input = input.as_ref();
    let ce = validate(input, Profile::CodeEngine);
    let oci = validate(input, Profile::Oci);
    common::check_validation(input, &ce, "codeEngine");
    common::check_validation(input, &oci, "oci");

    let underscore = ce.diagnostics.iter().any(|d| d.code == Code::RegistryUnderscore);
    if ce.valid && !underscore {
        assert!(oci.valid, "valid under codeEngine but not under oci: {input:?}\n{oci:?}");
    }
    // The normalized form is a fixed point: validating it again under `oci`
    // is valid and normalizes to itself.
    if let (true, Some(n)) = (oci.valid, &oci.normalized()) {
        let again = validate(n, Profile::Oci);
        assert!(again.valid, "oci normalized {n:?} of {input:?} is not valid: {again:?}");
        assert_eq!(again.normalized().as_deref(), Some(&**n), "oci normalization of {input:?} not idempotent");
    }
    // Except the seed's default organization: `app@sha256:…` normalizes to
    // `docker.io/ibm/app@sha256:…`, and "ibm" is shorter than the 4
    // characters the Docker user rule asks for (reported; SPEC §1.3 keeps
    // both rules).
    let default_org = ce.diagnostics.iter().any(|d| d.code == Code::DefaultOrganization);
    if let (true, false, Some(n)) = (ce.valid, default_org, &ce.normalized()) {
        let again = validate(n, Profile::CodeEngine);
        assert!(again.valid, "codeEngine normalized {n:?} of {input:?} is not valid: {again:?}");
        assert_eq!(again.normalized().as_deref(), Some(&**n), "codeEngine normalization of {input:?} not idempotent");
    }
});
