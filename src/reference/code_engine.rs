//! STUB: being written (issue: image-reference core).
use crate::diagnostics::{Components, State, Validation};

pub fn validate(_input: &str) -> Validation {
    Validation { valid: false, state: State::Invalid, normalized: None, familiar: None, components: Components::default(), diagnostics: Vec::new() }
}
