//! index.html as the server sends it: with the organisation's look in its `latchkey-…` meta tags
//! (name, logo, accent colour, sign-in message), so that the static shell shows them (in the
//! header and `/signin`'s card) before the app starts, exactly as the app will. Compressed once,
//! at start-up, since the settings are only known then, with an ETag so that a browser coming
//! back is told "not modified" instead of downloading it again.

use std::io::Write;

use sha2::Digest;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;

/// The page in each encoding a browser may ask for.
#[derive(Debug)]
pub struct Index {
    html: Vec<u8>,
    brotli: Vec<u8>,
    gzip: Vec<u8>,
    /// A hash of the page as sent (the same for each encoding: a browser keeps one).
    etag: HeaderValue,
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
        let hash = hex::encode(&sha2::Sha256::digest(&html)[..12]);
        let etag = HeaderValue::from_str(&format!("\"{hash}\"")).expect("hex is a header value");
        Self {
            html,
            brotli,
            gzip,
            etag,
        }
    }

    /// The page in the smallest encoding the request accepts, or "not modified" when the browser
    /// has it already.
    pub fn response(&self, request: &HeaderMap) -> Response {
        if request
            .get(header::IF_NONE_MATCH)
            .is_some_and(|tags| matches(tags, &self.etag))
        {
            // (`Vary`, like every file's, is the security headers' middleware's.)
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            response
                .headers_mut()
                .insert(header::ETAG, self.etag.clone());
            return response;
        }
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
        headers.insert(header::ETAG, self.etag.clone());
        if let Some(encoding) = encoding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
    }
}

/// `html` with `value` (escaped for an attribute) as the content of the meta tag `name`;
/// unchanged when it has no such tag.
fn with_meta(html: &str, name: &str, value: &str) -> String {
    let Some(tag) = crate::page::meta::find(html, name) else {
        return html.to_string();
    };
    let escaped = crate::markup::escape(value);
    format!(
        "{}<meta name=\"{name}\" content=\"{escaped}\">{}",
        &html[..tag.range.start],
        &html[tag.range.end..]
    )
}

/// Whether an `If-None-Match` header names `etag` (or is `*`).
fn matches(tags: &HeaderValue, etag: &HeaderValue) -> bool {
    let Ok(tags) = tags.to_str() else {
        return false;
    };
    let etag = etag.to_str().unwrap_or_default();
    tags.split(',')
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == etag || tag == "*")
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
    fn a_value_naming_another_tag_displaces_nothing() {
        let html = "<meta name=latchkey-organisation><meta name=latchkey-logo>\
                    <meta name=latchkey-sign-in-message>";
        let index = Index::new(
            html,
            &[
                ("latchkey-organisation", "Contoso name=latchkey-logo"),
                ("latchkey-logo", "/logo.svg"),
                (
                    "latchkey-sign-in-message",
                    "<meta name=latchkey-logo> name=\"latchkey-organisation\"",
                ),
            ],
        );
        assert_eq!(
            String::from_utf8(index.html).unwrap(),
            "<meta name=\"latchkey-organisation\" content=\"Contoso name=latchkey-logo\">\
             <meta name=\"latchkey-logo\" content=\"/logo.svg\">\
             <meta name=\"latchkey-sign-in-message\" \
             content=\"&lt;meta name=latchkey-logo&gt; name=&quot;latchkey-organisation&quot;\">"
        );
    }

    #[test]
    fn a_browser_that_has_the_page_is_told_so() {
        let index = Index::new("<meta name=latchkey-organisation>", &[]);
        let asking = |tags: &str| {
            let mut request = HeaderMap::new();
            request.insert(header::IF_NONE_MATCH, HeaderValue::from_str(tags).unwrap());
            index.response(&request).status()
        };
        let etag = index.response(&HeaderMap::new()).headers()[header::ETAG].clone();
        let tag = etag.to_str().unwrap();
        assert_eq!(asking(tag), StatusCode::NOT_MODIFIED);
        assert_eq!(
            asking(&format!("\"other\", W/{tag}")),
            StatusCode::NOT_MODIFIED
        );
        assert_eq!(asking("*"), StatusCode::NOT_MODIFIED);
        assert_eq!(asking("\"another-build\""), StatusCode::OK);
        // Another page (another organisation's look, another build) has another tag.
        let other = Index::new(
            "<meta name=latchkey-organisation>",
            &[("latchkey-organisation", "Contoso")],
        );
        assert_ne!(
            other.response(&HeaderMap::new()).headers()[header::ETAG],
            etag
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
