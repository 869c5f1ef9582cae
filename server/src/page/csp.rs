//! The Content-Security-Policy of the built page (security.md 37): only our own origin,
//! WebAssembly allowed, and `index.html`'s inline scripts and styles allowed by their SHA-256.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use super::meta;

/// The policy of security.md 37: only our own origin, WebAssembly allowed, and the inline scripts
/// and styles of `index.html` allowed by their SHA-256, never by `unsafe-inline`.
pub fn content_security_policy(html: &str, logo_url: Option<&str>) -> String {
    let hashes = |tag: &str| -> String {
        inline_blocks(html, tag)
            .map(|body| {
                format!(
                    " 'sha256-{}'",
                    STANDARD.encode(Sha256::digest(body.as_bytes()))
                )
            })
            .collect()
    };
    let connect = api_origin(html)
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    let images = logo_url
        .and_then(crate::branding::logo_origin)
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'{styles}; \
         img-src 'self' data:{images}; connect-src 'self'{connect}; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'",
        scripts = hashes("script"),
        styles = hashes("style"),
    )
}

/// The bodies of `<tag …>…</tag>` elements that have no `src` attribute.
fn inline_blocks<'a>(html: &'a str, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find(&open)?;
            let after_name = &rest[start + open.len()..];
            // `<scripts>` or `<style-x>` are other tags.
            if !after_name.starts_with(['>', ' ', '\n', '\t', '\r']) {
                rest = after_name;
                continue;
            }
            let tag_end = after_name.find('>')?;
            let attributes = &after_name[..tag_end];
            let body_and_rest = &after_name[tag_end + 1..];
            let end = body_and_rest.find(&close)?;
            rest = &body_and_rest[end + close.len()..];
            if !attributes.contains("src=") {
                return Some(&body_and_rest[..end]);
            }
        }
    })
}

/// The origin in `<meta name="latchkey-api" content="…">`, when the API lives elsewhere.
fn api_origin(html: &str) -> Option<&str> {
    let content = meta::find(html, "latchkey-api")?
        .attribute("content")?
        .trim_end_matches('/');
    (content.starts_with("https://") || content.starts_with("http://")).then_some(content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_origin_is_read_as_written_or_minified() {
        for tag in [
            "<meta name=\"latchkey-api\" content=\"https://api.contoso.example/\">",
            "<meta name=latchkey-api content=https://api.contoso.example>",
        ] {
            assert_eq!(
                api_origin(tag),
                Some("https://api.contoso.example"),
                "{tag}"
            );
        }
        assert_eq!(api_origin("<meta name=latchkey-api>"), None);
        assert_eq!(
            api_origin("<p name=latchkey-api content=https://x.example>"),
            None
        );
    }

    const PAGE: &str = r#"<!doctype html><html><head>
<meta name="latchkey-api" content="https://api.contoso.example/">
<style>body{margin:0}</style>
<link rel="stylesheet" href="/style-0123456789abcdef.css">
<script type="module">import init from '/app-0123456789abcdef.js';await init();</script>
<script src="/other.js"></script>
</head><body></body></html>"#;

    #[test]
    fn the_policy_hashes_each_inline_block_and_allows_nothing_unsafe() {
        let policy = content_security_policy(PAGE, Some("https://cdn.contoso.com/logo.svg"));
        assert!(policy.contains("img-src 'self' data: https://cdn.contoso.com;"));
        let script = "import init from '/app-0123456789abcdef.js';await init();";
        let expected = STANDARD.encode(Sha256::digest(script.as_bytes()));
        assert!(
            policy.contains(&format!(
                "script-src 'self' 'wasm-unsafe-eval' 'sha256-{expected}';"
            )),
            "{policy}"
        );
        let style = STANDARD.encode(Sha256::digest(b"body{margin:0}"));
        assert!(policy.contains(&format!("style-src 'self' 'sha256-{style}';")));
        assert!(policy.contains("connect-src 'self' https://api.contoso.example;"));
        for required in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(policy.contains(required), "{required}");
        }
        assert!(!policy.contains("unsafe-inline") && !policy.contains(" 'unsafe-eval'"));
    }

    #[test]
    fn without_a_built_spa_the_policy_allows_no_inline_code() {
        let policy = content_security_policy("", None);
        assert!(policy.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval';"));
        assert!(policy.contains("connect-src 'self';"));
    }
}
