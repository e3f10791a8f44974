//! `Serialize` for the diagnostics as the binding sends them, until the one
//! generic diagnostic type with its own `Serialize` (issue 10) replaces the
//! per-family types. Spans are serialized as they are (the binding converts
//! them to UTF-16 first).

use crate::codes::{SecretCode, SecretDiagnostic};
use crate::diagnostics::{Code, Component, Diagnostic, Field, Fix, Severity, Span};
use crate::dockerconfig::{ConfigCode, ConfigDiagnostic, ConfigField};
use serde::ser::{Serialize, SerializeStruct, Serializer};

serialize_as_str!(Severity, Component, Code, Field, SecretCode, ConfigCode, ConfigField);

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Span", 2)?;
        st.serialize_field("start", &self.start)?;
        st.serialize_field("end", &self.end)?;
        st.end()
    }
}

impl Serialize for Fix {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Fix", 2)?;
        st.serialize_field("label", &self.label)?;
        st.serialize_field("replacement", &self.replacement)?;
        st.end()
    }
}

impl Serialize for SecretDiagnostic {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("SecretDiagnostic", 6)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("field", &self.field)?;
        st.serialize_field("message", &self.message())?;
        st.serialize_field("span", &self.span)?;
        if let Some(fix) = &self.fix {
            st.serialize_field("fix", fix)?;
        }
        st.end()
    }
}

impl Serialize for ConfigDiagnostic {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ConfigDiagnostic", 9)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("field", &self.field)?;
        st.serialize_field("server", &self.server)?;
        st.serialize_field("message", &self.message())?;
        st.serialize_field("span", &self.span)?;
        if let Some(fix) = &self.fix {
            st.serialize_field("fix", fix)?;
        }
        st.serialize_field("line", &self.line)?;
        st.serialize_field("column", &self.column)?;
        st.end()
    }
}

impl Serialize for Diagnostic<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Diagnostic", 6)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("component", &self.component)?;
        st.serialize_field("message", &self.message())?;
        st.serialize_field("span", &self.span)?;
        if let Some(fix) = &self.fix {
            st.serialize_field("fix", fix)?;
        }
        st.end()
    }
}
