//! What several test files share: login URLs pasted as an image, and the
//! check that no text shows their password.
#![allow(dead_code)]

pub mod secrets;

/// The password of the login URLs below.
pub const SECRET: &str = "S3CRETKEY";

/// Login URLs as users paste them, each holding [`SECRET`] (the last one a
/// password of a megabyte, `K9` repeated after it).
pub fn login_urls() -> Vec<String> {
    vec![
        format!("https://iamapikey:{SECRET}@us.icr.io/ns/app:1"),
        format!("iamapikey:{SECRET}@us.icr.io/ns/app"),
        format!("{SECRET}@us.icr.io/ns/app"),
        format!("https://user:{SECRET}@host"),
        format!("  https://u:{SECRET}@us.icr.io/ns/app  "),
        format!("https://{SECRET}@host/x"),
        format!("docker://iamapikey:{SECRET}@us.icr.io/ns/app"),
        format!("oci+https://u:{SECRET}@Host/NS/App"),
        format!("HTTP://iamapikey:{SECRET}{}@us.icr.io/ns/app", "K9".repeat(1 << 19)),
    ]
}

/// Neither the password nor a piece of it, in any case.
#[track_caller]
pub fn assert_no_secret(input: &str, what: &str, text: &str) {
    let lower = text.to_lowercase();
    for piece in ["s3cret", "k9k9"] {
        assert!(
            !lower.contains(piece),
            "{what} of {:?} shows the password: {}",
            &input[..input.len().min(60)],
            &text[..text.len().min(300)]
        );
    }
}
