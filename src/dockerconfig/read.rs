//! Reading the input down to a config document: plain JSON, base64, a
//! Secret manifest (JSON or YAML), and the document's shape.

use super::decode;
use super::edit::write_doc_unchecked;
use super::json::*;
use super::manifest::read_secret;
use super::yaml::*;
use super::*;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine as _};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// State while reading: the input, where spans can point, and the findings.
pub(super) struct Cx<'a> {
    pub(super) text: &'a str,
    pub(super) reveal: bool,
    /// True while the document being read is the input text itself, so
    /// spans can point into it.
    pub(super) plain: bool,
    pub(super) base64_layers: u32,
    pub(super) secret: Option<SecretSummary>,
    /// Rebuilds the whole input around a corrected config (for fixes).
    pub(super) wrap: Wrap,
    pub(super) diags: Vec<ConfigDiagnostic>,
    /// `InspectOptions::now`, for the credential checks.
    pub(super) now: Option<u64>,
}

/// How the config sat in the input, to build a fix's whole replacement.
#[derive(Clone)]
pub(super) enum Wrap {
    Plain,
    Base64,
    /// A manifest: its parsed value and the data key the config sits under.
    Secret(Value, String, bool),
}

impl<'a> Cx<'a> {
    pub(super) fn new(text: &'a str, reveal: bool) -> Cx<'a> {
        Cx {
            text,
            reveal,
            plain: true,
            base64_layers: 0,
            secret: None,
            wrap: Wrap::Plain,
            diags: Vec::new(),
            now: None,
        }
    }

    pub(super) fn whole(&self) -> Span {
        Span::new(0, self.text.len())
    }

    /// Attaches a fix to the last diagnostic. `secret` says whether the
    /// replacement holds credentials: then it is only given with `reveal`.
    pub(super) fn fix(&mut self, label: String, replacement: String, secret: bool) {
        if secret && !self.reveal {
            return;
        }
        if let Some(d) = self.diags.last_mut() {
            d.fix = Some(Fix { label, replacement });
        }
    }

    /// The span of a key `"server"` in a plain document (its first
    /// occurrence as a JSON string), else the whole input.
    pub(super) fn key_span(&self, server: &str) -> Span {
        if self.plain {
            // Most keys are written without escapes: try that first (a
            // plain search), then the key as serde_json escapes it.
            let plain = format!("\"{server}\"");
            if let Some(i) = self.text.find(&plain) {
                return Span::new(i, i + plain.len());
            }
            let mut quoted = String::new();
            serde_string(&mut quoted, server);
            if let Some(i) = self.text.find(&quoted) {
                return Span::new(i, i + quoted.len());
            }
        }
        self.whole()
    }

    /// The span of field `"name"` after the key `server`, else the key's.
    pub(super) fn field_span(&self, server: &str, name: &str) -> Span {
        let key = self.key_span(server);
        if self.plain && key != self.whole() {
            let needle = format!("\"{name}\"");
            if let Some(i) = self.text[key.end..].find(&needle) {
                let start = key.end + i;
                return Span::new(start, start + needle.len());
            }
        }
        key
    }

    /// The whole input with its config replaced by `config` (a fix).
    pub(super) fn rewrap(&self, config: &str) -> String {
        match &self.wrap {
            Wrap::Plain => config.to_string(),
            Wrap::Base64 => STANDARD.encode(config),
            Wrap::Secret(manifest, key, string_data) => {
                let mut m = manifest.clone();
                let (section, value) =
                    if *string_data { ("stringData", config.to_string()) } else { ("data", STANDARD.encode(config)) };
                if let Some(obj) = m.get_mut(section).and_then(Value::as_object_mut) {
                    obj.insert(key.clone(), Value::String(value));
                }
                pretty(&m)
            }
        }
    }
}

/// A JSON object as a sorted map, by `insert` (the same code serde_json's
/// own map uses) rather than `collect`, which would compile another copy of
/// the standard library's sort and bulk tree building into the WebAssembly.
pub(super) fn tree(m: Map<String, Value>) -> BTreeMap<String, Value> {
    let mut t = BTreeMap::new();
    for (k, v) in m {
        t.insert(k, v);
    }
    t
}

/// A config document, read: entries by key (sorted) and the rest.
#[derive(Clone, Debug, Default)]
pub(super) struct Doc {
    pub(super) shape: Option<Shape>,
    pub(super) entries: BTreeMap<String, Value>,
    /// Top-level fields other than `auths` (DockerConfigJson only).
    pub(super) extras: BTreeMap<String, Value>,
    pub(super) helpers: Vec<String>,
}

pub(super) struct ReadDoc {
    pub(super) shape: Shape,
    pub(super) entries: BTreeMap<String, Value>,
    pub(super) helpers: Vec<String>,
}

/// Top-level fields of a docker `config.json` that are not registries: seeing
/// them without `auths` means a docker config, not a legacy `.dockercfg`.
pub(super) const DOCKER_CONFIG_FIELDS: &[&str] = &[
    "credsStore",
    "credHelpers",
    "HttpHeaders",
    "psFormat",
    "imagesFormat",
    "detachKeys",
    "experimental",
    "currentContext",
    "plugins",
    "proxies",
    "aliases",
    "features",
    "stackOrchestrator",
    "credStore",
];

pub(super) fn read_document(cx: &mut Cx) -> Option<ReadDoc> {
    let doc = read_raw(cx)?;
    let shape = doc.shape?;
    Some(ReadDoc { shape, entries: doc.entries, helpers: doc.helpers })
}

/// Reads the input down to a config document; diagnostics for the layers.
pub(super) fn read_raw(cx: &mut Cx) -> Option<Doc> {
    let text = cx.text;
    let trimmed = text.trim();
    if trimmed.is_empty() {
        cx.diags.add(ConfigCode::Empty, ConfigLocation::new(ConfigField::Config, None), cx.whole(), 0, []);
        return None;
    }
    let first = trimmed.as_bytes()[0];
    if first != b'{' && first != b'[' && first != b'"' && looks_like_yaml(trimmed) {
        let (form, args) = match yaml_manifest(text) {
            Ok(obj) if is_manifest(&obj) => return read_secret(cx, obj),
            Ok(_) => (0, Vec::new()),
            Err((line, why)) => (1, vec![Arg::Number(line as u64), Arg::plain(why)]),
        };
        cx.diags.add(
            ConfigCode::YamlNotSupported,
            ConfigLocation::new(ConfigField::Config, None),
            cx.whole(),
            form,
            args,
        );
        return None;
    }
    if first != b'{' {
        // Maybe base64 of a config (or of base64 of one).
        if let Some(once) = lenient_base64_text(trimmed) {
            let once_t = once.trim();
            if once_t.starts_with('{') {
                cx.base64_layers = 1;
                cx.plain = false;
                cx.wrap = Wrap::Base64;
                return parse_config_text(cx, &once, Expect::Any);
            }
            if let Some(twice) = lenient_base64_text(once_t) {
                if twice.trim().starts_with('{') {
                    cx.base64_layers = 2;
                    cx.plain = false;
                    cx.diags.add(
                        ConfigCode::DoubleBase64,
                        ConfigLocation::new(ConfigField::Config, None),
                        cx.whole(),
                        0,
                        [],
                    );
                    cx.fix("decode one layer of base64".into(), once_t.to_string(), true);
                    cx.wrap = Wrap::Base64;
                    return parse_config_text(cx, &twice, Expect::Any);
                }
            }
        }
    }
    parse_config_text(cx, text, Expect::Any)
}

/// What the context expects a config text to be.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Expect {
    /// Bare input: any shape, a Secret manifest included.
    Any,
    /// A `.dockerconfigjson` value: needs `auths`.
    DockerConfigJson,
    /// A `.dockercfg` value: needs the legacy shape.
    DockerCfg,
}

pub(super) fn parse_config_text(cx: &mut Cx, text: &str, expect: Expect) -> Option<Doc> {
    let (value, dups) = match parse_json(text) {
        Ok(v) => v,
        Err(e) => {
            json_error(cx, text, &e);
            return None;
        }
    };
    for (earlier, key) in dups {
        let quoted = serde_json::to_string(&key).unwrap_or_default();
        let span = match text.rfind(&quoted) {
            Some(i) if cx.plain => Span::new(i, i + quoted.len()),
            _ => cx.whole(),
        };
        let (form, args) = if earlier == key {
            (0, vec![Arg::quoted(key)])
        } else {
            (1, vec![Arg::quoted(earlier), Arg::quoted(key)])
        };
        cx.diags.add(ConfigCode::DuplicateKey, ConfigLocation::new(ConfigField::Config, None), span, form, args);
    }
    let Value::Object(obj) = value else {
        let args = vec![Arg::plain(json_kind(&value))];
        cx.diags.add(ConfigCode::NotAnObject, ConfigLocation::new(ConfigField::Config, None), cx.whole(), 0, args);
        return None;
    };
    if !obj.contains_key("auths") && expect == Expect::Any && is_manifest(&obj) {
        return read_secret(cx, obj);
    }
    config_from_object(cx, obj, expect)
}

/// A config object (a `.dockerconfigjson` or a legacy `.dockercfg`), with
/// the kubelet's field names (`decode`): `Auths` is `auths`.
pub(super) fn config_from_object(cx: &mut Cx, mut obj: Map<String, Value>, expect: Expect) -> Option<Doc> {
    let mut doc = Doc::default();
    let auths_key = decode::get(&obj, "auths").map(|(k, _)| k.clone());
    if let Some(auths) = auths_key.and_then(|k| obj.remove(&k)) {
        if expect == Expect::DockerCfg {
            cx.diags.add(
                ConfigCode::WrongSecretType,
                ConfigLocation::new(ConfigField::Secret, None),
                cx.whole(),
                0,
                [],
            );
        }
        doc.shape = Some(Shape::DockerConfigJson);
        match auths {
            Value::Object(m) => doc.entries = tree(m),
            Value::Null => {}
            other => {
                let args = vec![Arg::plain(json_kind(&other))];
                cx.diags.add(
                    ConfigCode::NotAnObject,
                    ConfigLocation::new(ConfigField::Config, None),
                    cx.whole(),
                    1,
                    args,
                );
                return None;
            }
        }
        doc.extras = tree(obj);
    } else {
        // A docker config.json without logins is not a legacy file; in a
        // kubernetes.io/dockercfg secret every key is a registry, as the
        // kubelet decodes it.
        let docker_config = expect != Expect::DockerCfg
            && obj.keys().any(|k| DOCKER_CONFIG_FIELDS.iter().any(|f| decode::fold_eq(k, f)));
        if docker_config {
            doc.shape = Some(Shape::DockerConfigJson);
            doc.extras = tree(obj);
        } else {
            doc.shape = Some(Shape::DockerCfg);
            doc.entries = tree(obj);
            if expect != Expect::DockerCfg && !doc.entries.is_empty() {
                let form = if expect == Expect::DockerConfigJson { 0 } else { 1 };
                cx.diags.add(
                    ConfigCode::MissingAuthsWrapper,
                    ConfigLocation::new(ConfigField::Config, None),
                    cx.whole(),
                    form,
                    [],
                );
                let wrapped = write_doc_unchecked(&doc.entries, &BTreeMap::new());
                let replacement = cx.rewrap(&wrapped);
                cx.fix("wrap the entries in \"auths\"".into(), replacement, true);
            }
        }
    }
    if doc.shape == Some(Shape::DockerConfigJson) {
        http_headers(cx, &doc.extras);
    }
    let field = |name: &str| decode::get_tree(&doc.extras, name).map(|(_, v)| v);
    if let Some(Value::String(s)) = field("credsStore") {
        if !s.is_empty() {
            doc.helpers.push(s.clone());
        }
    }
    if let Some(Value::Object(m)) = field("credHelpers") {
        for v in m.values() {
            if let Value::String(s) = v {
                if !doc.helpers.contains(s) {
                    doc.helpers.push(s.clone());
                }
            }
        }
    }
    Some(doc)
}

/// The kubelet decodes `HttpHeaders` into a map of strings: any other value
/// fails the decoding of the whole secret.
fn http_headers(cx: &mut Cx, extras: &BTreeMap<String, Value>) {
    let Some((key, value)) = decode::get_tree(extras, "httpheaders") else { return };
    let wrong = match value {
        Value::Null => None,
        Value::Object(m) => m
            .iter()
            .find(|(_, v)| !matches!(v, Value::String(_) | Value::Null))
            .map(|(name, v)| (2, vec![Arg::quoted(key), Arg::quoted(name), Arg::plain(json_kind(v))])),
        other => Some((3, vec![Arg::quoted(key), Arg::plain(json_kind(other))])),
    };
    if let Some((form, args)) = wrong {
        let span = cx.key_span(key);
        cx.diags.add(ConfigCode::InvalidFieldType, ConfigLocation::new(ConfigField::Config, None), span, form, args);
    }
}

/// Go's `base64.StdEncoding.DecodeString`: standard alphabet, padding
/// required, `\r` and `\n` skipped anywhere.
pub(super) fn go_std_base64(s: &str) -> Option<Vec<u8>> {
    // Single-character searches: they run memchr, also in debug builds.
    let cleaned: std::borrow::Cow<str> =
        if s.contains('\r') || s.contains('\n') { s.replace(['\r', '\n'], "").into() } else { s.into() };
    const GO_STD: GeneralPurpose =
        GeneralPurpose::new(&alphabet::STANDARD, GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true));
    GO_STD.decode(cleaned.as_bytes()).ok()
}

/// Lenient base64 for text pasted by people: whitespace anywhere, standard
/// or URL-safe alphabet, padding optional. Returns UTF-8 text or `None`.
pub(super) fn lenient_base64_text(s: &str) -> Option<String> {
    lenient_base64(s).and_then(|b| String::from_utf8(b).ok())
}

pub(super) fn lenient_base64(s: &str) -> Option<Vec<u8>> {
    let has_space = [' ', '\n', '\r', '\t', '\x0c'].iter().any(|c| s.contains(*c));
    let cleaned: std::borrow::Cow<str> =
        if has_space { s.chars().filter(|c| !c.is_ascii_whitespace()).collect::<String>().into() } else { s.into() };
    if cleaned.is_empty() {
        return None;
    }
    let config = GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    let std = GeneralPurpose::new(&alphabet::STANDARD, config);
    let url = GeneralPurpose::new(&alphabet::URL_SAFE, config);
    std.decode(cleaned.as_bytes()).ok().or_else(|| url.decode(cleaned.as_bytes()).ok())
}
