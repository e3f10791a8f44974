//! The one diagnostic type of every family, generic over where a finding
//! points ([`Location`]), and the one way to collect findings ([`Collect`]).

use super::{Fix, Span};
use crate::message::{Arg, Declared, Message, Severity};

/// Where a family's findings point: an image component, a secret field, a
/// place in a config, the pull an access check tried. It names the
/// family's code table.
///
/// Its `Serialize` (when it has one) writes the fields the location adds
/// to a diagnostic's JSON, as the JavaScript package names them
/// (`component`, `field`, `server`, …): it is flattened into
/// [`Diagnostic`]'s.
pub trait Location: Clone + std::fmt::Debug + PartialEq + Eq {
    type Code: Declared;
}

/// One finding: a code, where it is, and the arguments of its message,
/// which is rendered from the code's templates on demand ([`Message`]). It
/// may borrow the input (the quoted text is a piece of it);
/// [`Diagnostic::into_owned`] detaches it.
///
/// `L` defaults to [`Component`](super::Component): `Diagnostic<'a>` is an
/// image reference's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic<'a, L: Location = super::Component> {
    pub code: L::Code,
    /// The code's severity unless the finding says otherwise; only `error`
    /// makes the input unusable.
    pub severity: Severity,
    pub location: L,
    /// A byte range of the text the location names.
    pub span: Span,
    /// Short, lowercase, no trailing period, quoting the offending text
    /// (never a password), as data.
    pub message: Message<'a, L::Code>,
    pub fix: Option<Fix>,
}

impl<'a, L: Location> Diagnostic<'a, L> {
    /// A finding with the code's own severity and no fix; `form` chooses
    /// the code's template.
    pub fn new(
        code: L::Code,
        location: L,
        span: Span,
        form: u8,
        args: impl IntoIterator<Item = Arg<'a>>,
    ) -> Diagnostic<'a, L> {
        Diagnostic::of(location, span, Message::new(code, form, args))
    }
    /// A finding of `message`'s code, with that code's severity and no fix.
    pub fn of(location: L, span: Span, message: Message<'a, L::Code>) -> Diagnostic<'a, L> {
        Diagnostic { code: message.code, severity: message.code.severity(), location, span, message, fix: None }
    }
    pub fn with_fix(mut self, fix: Fix) -> Diagnostic<'a, L> {
        self.fix = Some(fix);
        self
    }
    /// The message rendered from the code's template (the `message` field
    /// is the same message as data).
    pub fn message(&self) -> String {
        self.message.to_string()
    }
    /// The same finding, owning its text.
    pub fn into_owned(self) -> Diagnostic<'static, L> {
        Diagnostic {
            code: self.code,
            severity: self.severity,
            location: self.location,
            span: self.span,
            message: self.message.into_owned(),
            fix: self.fix,
        }
    }
}

/// The one collector: every family pushes its findings into its list
/// through [`Collect::add`] (a `Vec`, or the `SmallVec` an image
/// validation keeps inline). The finding added is returned, for the rare
/// one that sets its own severity or a fix.
pub trait Collect<'a, L: Location> {
    /// Appends `d` and returns it, in place.
    fn push_diagnostic(&mut self, d: Diagnostic<'a, L>) -> &mut Diagnostic<'a, L>;

    /// Adds a finding with the code's own severity and no fix.
    fn add(
        &mut self,
        code: L::Code,
        location: L,
        span: Span,
        form: u8,
        args: impl IntoIterator<Item = Arg<'a>>,
    ) -> &mut Diagnostic<'a, L> {
        self.push_diagnostic(Diagnostic::new(code, location, span, form, args))
    }
}

impl<'a, L: Location> Collect<'a, L> for Vec<Diagnostic<'a, L>> {
    fn push_diagnostic(&mut self, d: Diagnostic<'a, L>) -> &mut Diagnostic<'a, L> {
        let i = self.len();
        self.push(d);
        &mut self[i]
    }
}

impl<'a, L: Location, A: smallvec::Array<Item = Diagnostic<'a, L>>> Collect<'a, L> for smallvec::SmallVec<A> {
    fn push_diagnostic(&mut self, d: Diagnostic<'a, L>) -> &mut Diagnostic<'a, L> {
        let i = self.len();
        self.push(d);
        &mut self[i]
    }
}

impl<C: Declared> serde::Serialize for Message<'_, C> {
    /// As its rendered text: a result type with a message field derives
    /// `Serialize` and still gives JavaScript `"message": "…"`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<L: Location + serde::Serialize> serde::Serialize for Diagnostic<'_, L> {
    /// `code`, `severity`, the location's fields, `message` (rendered) and
    /// `fix` when there is one: the JSON the JavaScript package exposes.
    /// The span is left out: JavaScript wants it in UTF-16 units of a text
    /// the diagnostic does not hold, so the binding adds it.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Json<'d, L, M> {
            code: &'static str,
            severity: &'static str,
            #[serde(flatten)]
            location: &'d L,
            message: &'d M,
            #[serde(skip_serializing_if = "Option::is_none")]
            fix: Option<&'d Fix>,
        }
        serde::Serialize::serialize(
            &Json {
                code: self.code.as_str(),
                severity: self.severity.as_str(),
                location: &self.location,
                message: &self.message,
                fix: self.fix.as_ref(),
            },
            s,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Component};

    #[test]
    fn serializes_with_the_location_flattened() {
        let mut list: Vec<Diagnostic<'_, Component>> = Vec::new();
        list.add(Code::TagEmpty, Component::Tag, Span::new(4, 5), 0, []).fix =
            Some(Fix { label: "remove \":\"".into(), replacement: "app".into() });
        assert_eq!(list[0].severity, Severity::Error);
        assert_eq!(
            serde_json::to_string(&list[0]).unwrap(),
            r#"{"code":"tag_empty","severity":"error","component":"tag","message":"tag must not be empty: add a tag or remove the \":\"","fix":{"label":"remove \":\"","replacement":"app"}}"#
        );
        let d = Diagnostic::new(Code::DefaultTag, Component::Tag, Span::default(), 0, []);
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"code":"default_tag","severity":"info","component":"tag","message":"no tag given: \"latest\" is used"}"#
        );
    }

    #[test]
    fn debug_never_prints_a_fix_replacement() {
        let d = Diagnostic::new(Code::UserinfoNotAllowed, Component::Reference, Span::new(0, 9), 0, [])
            .with_fix(Fix { label: "remove the credentials".into(), replacement: "canary-s3cret".into() });
        let debug = format!("{d:?}");
        assert!(!debug.contains("canary-s3cret"), "{debug}");
        assert!(debug.contains("remove the credentials"), "{debug}");
    }
}
