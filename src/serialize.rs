//! How the result types serialize (the field names of the JavaScript API):
//! what a `#[derive(serde::Serialize)]` on them cannot say by itself.
//! Spans are serialized as they are: byte offsets natively, while the
//! binding converts them to UTF-16 units of the JavaScript string first.

use crate::diagnostics::{Diagnostic, Location, Span};
use serde::{Serialize, Serializer};

/// `Serialize` as the value's name (`as_str()`): for the enums whose names
/// are written once, in `as_str` or a code table. Invoked beside each type.
macro_rules! serialize_as_str {
    ($($t:ty),* $(,)?) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                #[allow(unused_imports)]
                use crate::message::Declared as _;
                s.serialize_str(self.as_str())
            }
        }
    )*};
}

/// `Serialize` as a [`Failure`] (`self.failure()`): for the error types a
/// throwing function of the JavaScript API returns. Invoked beside each type.
macro_rules! serialize_as_failure {
    ($($t:ty),* $(,)?) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&self.failure(), s)
            }
        }
    )*};
}

/// An error of a function that throws (as `{"Err": …}`, the value as
/// `{"Ok": …}`): what `js/core.js` builds its error classes from. Each error
/// type fills the fields it has; the others are `null`.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Failure {
    pub code: &'static str,
    pub message: String,
    pub field: Option<&'static str>,
    pub component: Option<&'static str>,
    pub list: Option<&'static str>,
    pub index: Option<usize>,
    pub span: Option<Span>,
    pub reference_code: Option<&'static str>,
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json {
            start: usize,
            end: usize,
        }
        Json { start: self.start, end: self.end }.serialize(s)
    }
}

/// A result's diagnostics, each with its `span` (which a diagnostic's own
/// JSON leaves out): `#[serde(serialize_with = "crate::serialize::spanned")]`.
pub(crate) fn spanned<S: Serializer, L: Location + Serialize>(
    list: &[Diagnostic<'_, L>],
    s: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Spanned<'d, D> {
        #[serde(flatten)]
        diagnostic: &'d D,
        span: Span,
    }
    s.collect_seq(list.iter().map(|d| Spanned { diagnostic: d, span: d.span }))
}
