//! CSV that spreadsheets open safely, for the audit log and the reports (security.md 57).
//! Every cell is quoted and its quotes doubled (RFC 4180). A spreadsheet set to a locale whose
//! separator is `;` (German, French, Spanish Excel) splits a line at `;` and may ignore the
//! quotes, so any part of a cell that begins after a `,` or `;` (or a line break or tab) is a
//! cell of its own there. Each part that would run as a formula — starting, after spaces or
//! quotes, with `=`, `+`, `-`, `@`, a tab or a carriage return, or their full-width forms — gets
//! a leading apostrophe, so it stays text in every locale. A display name or a user agent can be
//! anything.

/// What a spreadsheet may take as the start of a formula.
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// Where a spreadsheet in some locale may begin a new cell.
const CELL_BREAKS: [char; 5] = [',', ';', '\n', '\r', '\t'];

/// Whether `part` (a cell, or what follows a separator in it) would run as a formula: its first
/// character, after any spaces and quotes, starts one.
fn runs(part: &str) -> bool {
    part.trim_start_matches([' ', '"'])
        .starts_with(FORMULA_STARTS)
}

/// A cell's text as written: an apostrophe before the cell, and after each separator in it,
/// where what follows would run as a formula.
pub fn inert(cell: &str) -> String {
    let mut written = String::with_capacity(cell.len() + 1);
    if runs(cell) {
        written.push('\'');
    }
    for (at, character) in cell.char_indices() {
        written.push(character);
        let rest = &cell[at + character.len_utf8()..];
        if CELL_BREAKS.contains(&character) && runs(rest) {
            written.push('\'');
        }
    }
    written
}

/// One line of CSV from `cells`, each made [`inert`], quoted, its quotes doubled; with its `\n`.
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    let cells: Vec<String> = cells
        .iter()
        .map(|cell| format!("\"{}\"", inert(cell.as_ref()).replace('"', "\"\"")))
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
        for formula in [
            "+1",
            "-1+2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            " =1+1",
            "\"=1+1",
            "＝1+1",
            "＋1",
            "－1",
            "＠SUM(A1)",
        ] {
            assert!(inert(formula).starts_with('\''), "{formula:?}");
        }
        assert_eq!(inert("jdoe"), "jdoe");
        assert_eq!(inert("127.0.0.1"), "127.0.0.1");
        assert_eq!(inert("Jane Doe, née Smith"), "Jane Doe, née Smith");
    }

    #[test]
    fn a_formula_after_either_separator_stays_text() {
        assert_eq!(
            inert("Mozilla/5.0;=cmd|' /C calc'!A0"),
            "Mozilla/5.0;'=cmd|' /C calc'!A0"
        );
        assert_eq!(inert("a,+1;-2"), "a,'+1;'-2");
        assert_eq!(inert("a; @SUM(A1)"), "a;' @SUM(A1)");
        assert_eq!(inert("a;\"=1+1\""), "a;'\"=1+1\"");
        assert_eq!(inert("line\n=1+1"), "line\n'=1+1");
        assert_eq!(inert("a;＝1+1"), "a;'＝1+1");
        assert_eq!(inert("a;;=1"), "a;;'=1");
        // Separators followed by anything else are left as they are.
        assert_eq!(inert("1;2,3 ; x"), "1;2,3 ; x");
    }

    #[test]
    fn every_cell_is_quoted_as_rfc_4180_says() {
        assert_eq!(line(&["a", "b c", ""]), "\"a\",\"b c\",\"\"\n");
        assert_eq!(
            line(&["Phone +1 425-555-0100, \"home\"\nsecond line", "x"]),
            "\"Phone +1 425-555-0100, \"\"home\"\"\nsecond line\",\"x\"\n"
        );
        assert_eq!(line(&["=1+1,2"]), "\"'=1+1,2\"\n");
        assert_eq!(
            line(&["Mozilla/5.0;=cmd|' /C calc'!A0"]),
            "\"Mozilla/5.0;'=cmd|' /C calc'!A0\"\n"
        );
        assert_eq!(line::<&str>(&[]), "\n");
    }

    /// A line split as a `;` spreadsheet that ignores quotes would split it: no cell starts like
    /// a formula, whatever the values were.
    #[test]
    fn no_cell_of_a_hostile_line_runs_in_a_semicolon_locale() {
        let hostile = [
            "Mozilla/5.0;=cmd|' /C calc'!A0",
            "x,-2+3;@SUM(1)",
            "\"; =1\"",
            "tab\t=1",
            "＋1;＝2",
        ];
        let written = line(&hostile);
        for cell in written.trim_end().split([',', ';', '\t', '\n']) {
            let cell = cell.trim_start_matches([' ', '"']);
            assert!(!cell.starts_with(FORMULA_STARTS), "{cell:?} in {written:?}");
        }
    }
}
