//! A whole Kubernetes `Secret` manifest around the credentials: its kind,
//! type and data key, checked as the kubelet reads them.

use super::json::*;
use super::read::*;
use super::*;
use serde_json::{Map, Value};

/// A whole Secret manifest: checks `kind`/`type`, finds the data key, reads it.
pub(super) fn read_secret(cx: &mut Cx, obj: Map<String, Value>) -> Option<Doc> {
    let manifest = Value::Object(obj.clone());
    let str_of = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let meta = obj.get("metadata");
    let mut summary = SecretSummary {
        name: str_of(meta.and_then(|m| m.get("name"))),
        namespace: str_of(meta.and_then(|m| m.get("namespace"))),
        secret_type: str_of(obj.get("type")),
        data_key: None,
    };
    cx.plain = false;
    if let Some(kind) = obj.get("kind") {
        if kind.as_str() != Some("Secret") {
            let shown = kind.as_str().map_or_else(|| Arg::plain(json_kind(kind)), Arg::quoted);
            cx.diags.add(
                ConfigCode::WrongSecretType,
                ConfigLocation::new(ConfigField::Secret, None),
                cx.whole(),
                1,
                vec![shown],
            );
            cx.secret = Some(summary);
            return None;
        }
    }
    let data = obj.get("data").and_then(Value::as_object);
    let string_data = obj.get("stringData").and_then(Value::as_object);
    let has = |k: &str| data.is_some_and(|m| m.contains_key(k)) || string_data.is_some_and(|m| m.contains_key(k));
    let ty = summary.secret_type.clone();
    // The kubelet reads `.dockerconfigjson` only from a Secret of type
    // kubernetes.io/dockerconfigjson and `.dockercfg` only from one of type
    // kubernetes.io/dockercfg; a Secret holding the other key is ignored.
    let swapped = match ty.as_deref() {
        Some("kubernetes.io/dockerconfigjson") if !has(".dockerconfigjson") && has(".dockercfg") => {
            Some((".dockercfg", "kubernetes.io/dockercfg"))
        }
        Some("kubernetes.io/dockercfg") if !has(".dockercfg") && has(".dockerconfigjson") => {
            Some((".dockerconfigjson", "kubernetes.io/dockerconfigjson"))
        }
        _ => None,
    };
    let key = if let Some((key, want)) = swapped {
        let t = ty.as_deref().unwrap_or_default();
        cx.diags.add(
            ConfigCode::WrongSecretType,
            ConfigLocation::new(ConfigField::Secret, None),
            cx.whole(),
            2,
            vec![Arg::quoted(t), Arg::quoted(key), Arg::plain(want)],
        );
        fix_type(cx, &manifest, want);
        key
    } else {
        match ty.as_deref() {
            Some("kubernetes.io/dockerconfigjson") => ".dockerconfigjson",
            Some("kubernetes.io/dockercfg") => ".dockercfg",
            other => {
                let (form, shown) = match other {
                    Some(t) => (3, Some(Arg::quoted(t))),
                    None => (4, None),
                };
                let key =
                    if has(".dockercfg") && !has(".dockerconfigjson") { ".dockercfg" } else { ".dockerconfigjson" };
                let want =
                    if key == ".dockercfg" { "kubernetes.io/dockercfg" } else { "kubernetes.io/dockerconfigjson" };
                cx.diags.add(
                    ConfigCode::WrongSecretType,
                    ConfigLocation::new(ConfigField::Secret, None),
                    cx.whole(),
                    form,
                    shown.into_iter().chain([Arg::plain(want)]),
                );
                fix_type(cx, &manifest, want);
                key
            }
        }
    };
    let from_string_data = string_data.and_then(|m| m.get(key));
    let from_data = data.and_then(|m| m.get(key));
    let Some(value) = from_string_data.or(from_data) else {
        let present: Vec<String> =
            data.into_iter().chain(string_data).flat_map(|m| m.keys()).map(|k| format!("{k:?}", k = q(&k))).collect();
        let (form, found) = if present.is_empty() { (0, None) } else { (1, Some(Arg::plain(present.join(", ")))) };
        cx.diags.add(
            ConfigCode::MissingDataKey,
            ConfigLocation::new(ConfigField::Secret, None),
            cx.whole(),
            form,
            [Arg::quoted(key)].into_iter().chain(found),
        );
        cx.secret = Some(summary);
        return None;
    };
    summary.data_key = Some(key.to_string());
    cx.secret = Some(summary);
    let is_string_data = from_string_data.is_some();
    cx.wrap = Wrap::Secret(manifest, key.to_string(), is_string_data);
    let Some(raw) = value.as_str() else {
        cx.diags.add(
            ConfigCode::InvalidFieldType,
            ConfigLocation::new(ConfigField::Secret, None),
            cx.whole(),
            4,
            vec![Arg::quoted(key), Arg::plain(json_kind(value))],
        );
        return None;
    };
    let expect = if key == ".dockercfg" { Expect::DockerCfg } else { Expect::DockerConfigJson };
    if is_string_data {
        return parse_config_text(cx, raw, expect);
    }
    let Some(decoded) = go_std_base64(raw).and_then(|b| String::from_utf8(b).ok()) else {
        cx.diags.add(
            ConfigCode::SecretDataInvalid,
            ConfigLocation::new(ConfigField::Secret, None),
            cx.whole(),
            0,
            vec![Arg::quoted(key)],
        );
        return None;
    };
    cx.base64_layers = 1;
    let d = decoded.trim();
    if !d.starts_with('{') {
        if let Some(inner) = lenient_base64_text(d) {
            if inner.trim().starts_with('{') {
                cx.base64_layers = 2;
                cx.diags.add(
                    ConfigCode::DoubleBase64,
                    ConfigLocation::new(ConfigField::Secret, None),
                    cx.whole(),
                    1,
                    vec![Arg::quoted(key)],
                );
                let replacement = cx.rewrap(&inner);
                cx.fix("encode the config once".into(), replacement, true);
                return parse_config_text(cx, &inner, expect);
            }
        }
    }
    parse_config_text(cx, &decoded, expect)
}

/// The fix of a `wrong_secret_type`: the manifest with type `want`.
fn fix_type(cx: &mut Cx, manifest: &Value, want: &str) {
    let mut fixed = manifest.clone();
    if let Some(o) = fixed.as_object_mut() {
        o.insert("type".into(), Value::String(want.into()));
    }
    let replacement = pretty(&fixed);
    cx.fix(format!("set type to {want}"), replacement, true);
}
