//! Validation of a reference under a profile (SPEC §1.1, §1.5): which rules
//! to use, and how a list of findings becomes a [`Validation`]. The result's
//! types and the table of codes live below, in `diagnostics`.

use std::borrow::Cow;

use crate::diagnostics::{Components, Diagnostic, Severity, State, Validation};

/// Which rules to validate with (SPEC §1.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Profile {
    /// The component rules of IBM Cloud Code Engine (SPEC §1.3). The default.
    #[default]
    CodeEngine,
    /// Exactly the grammar of distribution/reference (SPEC §1.4).
    Oci,
}

impl Profile {
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::CodeEngine => "codeEngine",
            Profile::Oci => "oci",
        }
    }
}

/// Validates `input` under `profile` and reports every finding at once.
pub fn validate(input: &str, profile: Profile) -> Validation<'_> {
    match profile {
        Profile::CodeEngine => super::code_engine::validate(input),
        Profile::Oci => super::oci::validate(input),
    }
}

/// The form state of a list of diagnostics (SPEC §1.5), shared by both
/// profiles: `Valid` without errors; `Incomplete` when every error ends at the
/// end of `input` and `could_complete` says typing more could clear it (the
/// profile knows which of its errors are of that kind: an empty tag, a short
/// digest, a missing path component); otherwise `Invalid`.
fn state_of(input: &str, diagnostics: &[Diagnostic], could_complete: impl Fn(&Diagnostic) -> bool) -> State {
    let mut errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).peekable();
    if errors.peek().is_none() {
        State::Valid
    } else if errors.all(|d| d.span.end == input.len() && could_complete(d)) {
        State::Incomplete
    } else {
        State::Invalid
    }
}

/// Assembles a [`Validation`]: `valid` and `state` follow from the
/// diagnostics (see [`state_of`]); `normalized` and `familiar` are kept only
/// when the input is valid.
pub(crate) fn finish<'a>(
    input: &'a str,
    diagnostics: Vec<Diagnostic>,
    normalized: Option<Cow<'a, str>>,
    familiar: Option<Cow<'a, str>>,
    components: Components<'a>,
    could_complete: impl Fn(&Diagnostic) -> bool,
) -> Validation<'a> {
    let state = state_of(input, &diagnostics, could_complete);
    let valid = state == State::Valid;
    Validation {
        valid,
        state,
        normalized: normalized.filter(|_| valid),
        familiar: familiar.filter(|_| valid),
        components,
        diagnostics,
    }
}
