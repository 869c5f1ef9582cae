//! index.html's `<meta>` tags, found by their parsed `name` attribute as a browser reads them
//! (quoted with `"` or `'`, or unquoted as Trunk's minifier leaves them), never by searching the
//! text: a value written into one tag (`content="… name=latchkey-logo …"`) is not another tag,
//! and neither is markup in a comment or a script.

use std::ops::Range;

/// One `<meta>` tag: where it is in the page, and its attributes as written.
pub struct MetaTag<'a> {
    pub range: Range<usize>,
    attributes: Vec<(&'a str, &'a str)>,
}

impl<'a> MetaTag<'a> {
    /// The value of attribute `name` (names are case-insensitive), if the tag has it.
    pub fn attribute(&self, name: &str) -> Option<&'a str> {
        self.attributes
            .iter()
            .find(|(written, _)| written.eq_ignore_ascii_case(name))
            .map(|(_, value)| *value)
    }
}

/// The `<meta>` tag whose `name` attribute is `name`.
pub fn find<'a>(html: &'a str, name: &str) -> Option<MetaTag<'a>> {
    meta_tags(html)
        .into_iter()
        .find(|tag| tag.attribute("name") == Some(name))
}

/// Every `<meta>` tag of `html`, outside comments, scripts and styles.
fn meta_tags(html: &str) -> Vec<MetaTag<'_>> {
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(html.len(), |end| start + end + 3);
            continue;
        }
        let name_length = rest[1..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len() - 1);
        let element = rest[1..1 + name_length].to_ascii_lowercase();
        let (attributes, end) = attributes(html, start + 1 + name_length);
        at = end;
        match element.as_str() {
            "meta" => tags.push(MetaTag {
                range: start..end,
                attributes,
            }),
            // Their text is not markup, up to their closing tag.
            "script" | "style" => {
                let close = format!("</{element}");
                at = html[end..]
                    .to_ascii_lowercase()
                    .find(&close)
                    .map_or(html.len(), |offset| end + offset);
            }
            _ => {}
        }
    }
    tags
}

/// The attributes of the tag whose name ends at `from`, and where the tag ends (after its `>`).
fn attributes(html: &str, from: usize) -> (Vec<(&str, &str)>, usize) {
    let bytes = html.as_bytes();
    let length = bytes.len();
    let space = |at: usize| at < length && bytes[at].is_ascii_whitespace();
    let mut at = from;
    let mut found = Vec::new();
    loop {
        while space(at) || (at < length && bytes[at] == b'/') {
            at += 1;
        }
        if at >= length {
            return (found, length);
        }
        if bytes[at] == b'>' {
            return (found, at + 1);
        }
        let name_start = at;
        while at < length && !space(at) && !matches!(bytes[at], b'=' | b'>' | b'/') {
            at += 1;
        }
        let name = &html[name_start..at];
        while space(at) {
            at += 1;
        }
        let mut value = "";
        if at < length && bytes[at] == b'=' {
            at += 1;
            while space(at) {
                at += 1;
            }
            if at < length && matches!(bytes[at], b'"' | b'\'') {
                let quote = bytes[at] as char;
                let value_start = at + 1;
                let value_end = html[value_start..]
                    .find(quote)
                    .map_or(length, |offset| value_start + offset);
                value = &html[value_start..value_end];
                at = (value_end + 1).min(length);
            } else {
                let value_start = at;
                while at < length && !space(at) && bytes[at] != b'>' {
                    at += 1;
                }
                value = &html[value_start..at];
            }
        }
        found.push((name, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_found_by_their_name_attribute_as_written_or_minified() {
        for html in [
            "<meta name=\"latchkey-api\" content=\"https://api.example\">",
            "<META Name='latchkey-api' content='https://api.example'>",
            "<meta content=https://api.example name=latchkey-api>",
            "<meta\n  name=latchkey-api\n  content=https://api.example/>",
        ] {
            let tag = find(html, "latchkey-api").unwrap_or_else(|| panic!("{html}"));
            assert_eq!(tag.range, 0..html.len(), "{html}");
            assert!(
                tag.attribute("content")
                    .unwrap()
                    .starts_with("https://api.example"),
                "{html}"
            );
        }
        assert!(find("<p name=latchkey-api>", "latchkey-api").is_none());
        assert!(find("<meta name=latchkey-apis>", "latchkey-api").is_none());
    }

    #[test]
    fn a_name_in_a_value_a_comment_or_a_script_is_no_tag() {
        let html = "<meta name=latchkey-organisation content=\"Contoso name=latchkey-logo\">\
                    <!-- <meta name=latchkey-logo> -->\
                    <script>var t = '<meta name=latchkey-logo>';</script>\
                    <meta name=latchkey-logo content=/logo.svg>";
        let logo = find(html, "latchkey-logo").unwrap();
        assert_eq!(
            &html[logo.range.clone()],
            "<meta name=latchkey-logo content=/logo.svg>"
        );
        assert_eq!(logo.attribute("content"), Some("/logo.svg"));
    }
}
