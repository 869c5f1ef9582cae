//! Reading a Rust file for what it names: its code without comments, strings and unit tests, and
//! the paths it uses (`use` trees expanded, and `crate::…`, `super::…`, `self::…` in the code).

/// One path a file uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Used {
    /// The segments as written: `["super", "store", "Tx"]`.
    pub segments: Vec<String>,
    /// Named by a `pub use`: handed on to the file's users rather than used by the file itself.
    pub handed_on: bool,
}

/// The code of `source` with comments, string and character literals blanked, and without the
/// unit tests at its end (a `#[cfg(test)]` line at the left margin and all after it).
pub fn code_of(source: &str) -> String {
    let source = match source.find("\n#[cfg(test)]\nmod tests") {
        Some(at) => &source[..at],
        None => source,
    };
    let chars: Vec<char> = source.chars().collect();
    let mut code = String::with_capacity(source.len());
    let mut at = 0;
    while at < chars.len() {
        let rest = &chars[at..];
        if rest.starts_with(&['/', '/']) {
            while at < chars.len() && chars[at] != '\n' {
                at += 1;
            }
        } else if rest.starts_with(&['/', '*']) {
            at += 2;
            while at < chars.len() && !chars[at..].starts_with(&['*', '/']) {
                at += 1;
            }
            at += 2;
        } else if let Some(end) = raw_string_end(rest) {
            code.push_str("\"\"");
            at += end;
        } else if chars[at] == '"' {
            at += 1;
            while at < chars.len() && chars[at] != '"' {
                at += if chars[at] == '\\' { 2 } else { 1 };
            }
            at += 1;
            code.push_str("\"\"");
        } else if let Some(end) = char_literal_end(rest) {
            code.push_str("' '");
            at += end;
        } else {
            code.push(chars[at]);
            at += 1;
        }
    }
    code
}

/// How long the raw string literal at the start of `text` is (`r"…"`, `r#"…"#`, `br"…"`).
fn raw_string_end(text: &[char]) -> Option<usize> {
    let start = match text {
        ['r', ..] => 1,
        ['b', 'r', ..] => 2,
        _ => return None,
    };
    let hashes = text[start..].iter().take_while(|&&c| c == '#').count();
    if text.get(start + hashes) != Some(&'"') {
        return None;
    }
    let body = start + hashes + 1;
    let closing: Vec<char> = std::iter::once('"')
        .chain(std::iter::repeat_n('#', hashes))
        .collect();
    (body..text.len())
        .find(|&at| text[at..].starts_with(&closing))
        .map(|at| at + closing.len())
}

/// How long the character literal at the start of `text` is: `'a'`, `'\n'`, `'\u{1F600}'`
/// (never a lifetime such as `'a`).
fn char_literal_end(text: &[char]) -> Option<usize> {
    if text.first() != Some(&'\'') {
        return None;
    }
    if text.get(1) == Some(&'\\') {
        return (2..text.len().min(12))
            .find(|&at| text[at] == '\'')
            .map(|at| at + 1);
    }
    (text.get(2) == Some(&'\'')).then_some(3)
}

/// Every path `code` (as [`code_of`] gives it) uses.
pub fn used_in(code: &str) -> Vec<Used> {
    let mut used = Vec::new();
    let mut rest = code;
    let mut outside_uses = String::with_capacity(code.len());
    while let Some(found) = next_use(rest) {
        let (handed_on, start) = found;
        let end = rest[start..]
            .find(';')
            .map_or(rest.len(), |end| start + end);
        for segments in expand(&rest[start..end]) {
            used.push(Used {
                segments,
                handed_on,
            });
        }
        outside_uses.push_str(&rest[..start]);
        rest = &rest[end..];
    }
    outside_uses.push_str(rest);
    for segments in inline_paths(&outside_uses) {
        used.push(Used {
            segments,
            handed_on: false,
        });
    }
    used
}

/// Where the tree of the next `use` item in `code` starts, and whether it is a `pub use`.
fn next_use(code: &str) -> Option<(bool, usize)> {
    let mut from = 0;
    while let Some(found) = code[from..].find("use ") {
        let at = from + found;
        let before = code[..at].trim_end();
        let at_item_start = before.is_empty()
            || before.ends_with(';')
            || before.ends_with('{')
            || before.ends_with('}')
            || before.ends_with(']');
        let is_pub = before.ends_with("pub") || before.ends_with(')') && before.contains("pub(");
        let word_start = at == 0 || !is_word(code[..at].chars().next_back().unwrap_or(' '));
        if word_start && (at_item_start || is_pub) {
            return Some((is_pub, at + 4));
        }
        from = at + 4;
    }
    None
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths a `use` tree names: `a::{b, c::{d, e}}` is `a::b`, `a::c::d`, `a::c::e`; an alias
/// (`as x`), `self` and `*` end a path.
fn expand(tree: &str) -> Vec<Vec<String>> {
    // `x as y`: the alias goes (its word and the one after it), then every space.
    let spaced: String = tree
        .chars()
        .flat_map(|c| match c {
            '{' | '}' | ',' => vec![' ', c, ' '],
            _ => vec![c],
        })
        .collect();
    let mut words = spaced.split_whitespace();
    let mut tree = String::new();
    while let Some(word) = words.next() {
        if word == "as" {
            words.next();
        } else {
            tree.push_str(word);
        }
    }
    let mut paths = Vec::new();
    expand_into(&tree, &mut Vec::new(), &mut paths);
    paths
}

fn expand_into(tree: &str, prefix: &mut Vec<String>, paths: &mut Vec<Vec<String>>) {
    for branch in split_top_level(tree) {
        let (head, group) = match branch.find('{') {
            Some(open) => (&branch[..open], Some(&branch[open + 1..branch.len() - 1])),
            None => (branch, None),
        };
        let segments: Vec<String> = head
            .split("::")
            .filter(|s| !s.is_empty() && *s != "*" && *s != "self")
            .map(String::from)
            .collect();
        let depth = prefix.len();
        prefix.extend(segments);
        match group {
            Some(group) => expand_into(group, prefix, paths),
            None if !prefix.is_empty() => paths.push(prefix.clone()),
            None => {}
        }
        prefix.truncate(depth);
    }
}

/// `a, b::{c, d}, e` split at the commas outside braces.
fn split_top_level(tree: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (at, c) in tree.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&tree[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&tree[start..]);
    parts.into_iter().filter(|part| !part.is_empty()).collect()
}

/// Paths in the code that start with `crate::`, `super::` or `self::`.
fn inline_paths(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(found) = code[from..].find(start) {
            let at = from + found;
            from = at + start.len();
            if at > 0 && (is_word(code[..at].chars().next_back().unwrap_or(' '))) {
                continue;
            }
            if code[..at].ends_with("::") {
                continue;
            }
            let path: String = code[at..]
                .chars()
                .take_while(|&c| is_word(c) || c == ':')
                .collect();
            paths.push(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            );
        }
    }
    paths
}
