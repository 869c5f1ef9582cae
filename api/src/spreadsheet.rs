//! CSV that spreadsheets open safely, for the audit log and the reports (RFC 4180: a cell with a
//! comma, a quote or a line break is quoted, its quotes doubled). A cell that a spreadsheet
//! would run as a formula — starting with `=`, `+`, `-`, `@`, a tab or a carriage return; a
//! display name or a user agent can be anything — gets a leading apostrophe, so it stays text.
//! Numbers are written by the callers as they are, so a negative figure is never touched.

use std::borrow::Cow;

/// A cell as written: text a spreadsheet will not run.
pub fn inert(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// One line of CSV from `cells`, each made [`inert`] and quoted when it must be, with its `\n`.
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    let cells: Vec<String> = cells
        .iter()
        .map(|cell| {
            let cell = inert(cell.as_ref());
            if cell.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", cell.replace('"', "\"\""))
            } else {
                cell.into_owned()
            }
        })
        .collect();
    format!("{}\n", cells.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_stay_text() {
        assert_eq!(
            inert("=HYPERLINK(\"http://evil\")"),
            "'=HYPERLINK(\"http://evil\")"
        );
        for formula in ["+1", "-1+2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(inert(formula).starts_with('\''), "{formula:?}");
        }
        assert_eq!(inert("jdoe"), "jdoe");
        assert_eq!(inert("127.0.0.1"), "127.0.0.1");
    }

    #[test]
    fn cells_are_quoted_as_rfc_4180_says() {
        assert_eq!(line(&["a", "b c", ""]), "a,b c,\n");
        assert_eq!(
            line(&["Phone +1 425-555-0100, \"home\"\nsecond line", "x"]),
            "\"Phone +1 425-555-0100, \"\"home\"\"\nsecond line\",x\n"
        );
        assert_eq!(line(&["=1+1,2"]), "\"'=1+1,2\"\n");
        assert_eq!(line::<&str>(&[]), "\n");
    }
}
