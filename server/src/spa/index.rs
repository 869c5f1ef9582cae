//! index.html as the server sends it: with the organisation's look in its `latchkey-…` meta tags
//! (name, logo, accent colour, sign-in message), so that the static shell shows them (in the
//! header and `/signin`'s card) before the app starts, exactly as the app will. Compressed once,
//! at start-up, since the settings are only known then.

use std::io::Write;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;

/// The page in each encoding a browser may ask for.
#[derive(Debug)]
pub struct Index {
    html: Vec<u8>,
    brotli: Vec<u8>,
    gzip: Vec<u8>,
}

impl Index {
    /// `html` with each of `shell`'s values in the meta tag of its name, compressed.
    pub fn new(html: &str, shell: &[(&str, &str)]) -> Self {
        let html = shell
            .iter()
            .fold(html.to_string(), |html, (name, value)| {
                with_meta(&html, name, value)
            })
            .into_bytes();
        let mut brotli = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut html.as_slice(), &mut brotli, &params)
            .expect("compressing into memory cannot fail");
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gzip.write_all(&html)
            .expect("compressing into memory cannot fail");
        let gzip = gzip.finish().expect("compressing into memory cannot fail");
        Self { html, brotli, gzip }
    }

    /// The page in the smallest encoding the request accepts.
    pub fn response(&self, request: &HeaderMap) -> Response {
        let accepted = |coding| accepts(request.get(header::ACCEPT_ENCODING), coding);
        let (body, encoding) = if accepted("br") {
            (&self.brotli, Some("br"))
        } else if accepted("gzip") {
            (&self.gzip, Some("gzip"))
        } else {
            (&self.html, None)
        };
        let mut response = Response::new(Body::from(body.clone()));
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Some(encoding) = encoding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
    }
}

/// `html` with `value` (escaped for an attribute) as the content of the meta tag `name`;
/// unchanged when it has no such tag.
fn with_meta(html: &str, name: &str, value: &str) -> String {
    let Some(tag) = super::meta_tag(html, name) else {
        return html.to_string();
    };
    let escaped = crate::markup::escape(value);
    format!(
        "{}<meta name=\"{name}\" content=\"{escaped}\">{}",
        &html[..tag.start],
        &html[tag.end..]
    )
}

/// Whether an `Accept-Encoding` header accepts `coding` (named, and not with `q=0`).
fn accepts(header: Option<&HeaderValue>, coding: &str) -> bool {
    let Some(value) = header.and_then(|value| value.to_str().ok()) else {
        return false;
    };
    value.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let named = parts
            .next()
            .is_some_and(|name| name.eq_ignore_ascii_case(coding));
        let refused = parts.any(|parameter| {
            parameter
                .strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        named && !refused
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_goes_into_its_meta_tag_escaped() {
        let html = "<head><meta name=\"latchkey-organisation\" content=\"\"><title>x</title>";
        assert_eq!(
            with_meta(html, "latchkey-organisation", "Fabrikam \"R&D\" <Labs>"),
            "<head><meta name=\"latchkey-organisation\" \
             content=\"Fabrikam &quot;R&amp;D&quot; &lt;Labs&gt;\"><title>x</title>"
        );
        // As Trunk's minifier leaves it.
        assert_eq!(
            with_meta(
                "<head><meta name=latchkey-organisation><title>",
                "latchkey-organisation",
                "Contoso"
            ),
            "<head><meta name=\"latchkey-organisation\" content=\"Contoso\"><title>"
        );
        assert_eq!(
            with_meta("<head></head>", "latchkey-organisation", "Contoso"),
            "<head></head>"
        );
    }

    #[test]
    fn each_setting_goes_into_its_own_tag() {
        let html = "<meta name=latchkey-organisation><meta name=latchkey-sign-in-message>";
        let index = Index::new(
            html,
            &[
                ("latchkey-organisation", "Contoso"),
                ("latchkey-sign-in-message", "Maintenance <Saturday>"),
            ],
        );
        assert_eq!(
            String::from_utf8(index.html).unwrap(),
            "<meta name=\"latchkey-organisation\" content=\"Contoso\">\
             <meta name=\"latchkey-sign-in-message\" content=\"Maintenance &lt;Saturday&gt;\">"
        );
    }

    #[test]
    fn encodings_are_accepted_unless_refused() {
        let header = |value: &'static str| Some(HeaderValue::from_static(value));
        assert!(accepts(header("gzip, deflate, br, zstd").as_ref(), "br"));
        assert!(accepts(header("BR;q=0.5").as_ref(), "br"));
        assert!(!accepts(header("br;q=0, gzip").as_ref(), "br"));
        assert!(accepts(header("br;q=0, gzip").as_ref(), "gzip"));
        assert!(!accepts(header("brotli").as_ref(), "br"));
        assert!(!accepts(None, "gzip"));
    }
}
