//! The `oci` profile's validation (SPEC §1.4, §1.5): valid exactly when
//! distribution/reference's `ParseNormalizedNamed` accepts the input.
use crate::diagnostics::{finish, Components, Diagnostic, Validation};
use crate::reference::Reference;

pub fn validate(input: &str) -> Validation {
    match Reference::parse_normalized(input) {
        Ok(r) => finish(input, Vec::new(), Some(r.to_string()), Some(r.familiar()), Components::default(), |_| false),
        Err(e) => {
            let d = Diagnostic {
                code: e.code(),
                severity: e.code().severity(),
                component: e.component(),
                message: e.to_string(),
                span: e.span(),
                fix: None,
            };
            finish(input, vec![d], None, None, Components::default(), |_| false)
        }
    }
}
