//! The checks themselves, on Latchkey's three crates of our own code, and the tool on small
//! made-up crates so that a check that can no longer fail is noticed.

use std::path::{Path, PathBuf};

use crate::{Crate, circles};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

fn no_circles_in(folder: &str, root: &str) {
    let krate = Crate::load(&workspace().join(folder), root);
    let found = circles(&krate);
    assert!(
        found.is_empty(),
        "import circles in {folder}: each line is files that use one another\n{}",
        found
            .iter()
            .map(|files| files.join(" ↔ "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_server_has_no_import_circles() {
    no_circles_in("server/src", "lib.rs");
}

#[test]
fn the_app_has_no_import_circles() {
    no_circles_in("src", "lib.rs");
}

#[test]
fn xtask_has_no_import_circles() {
    no_circles_in("xtask/src", "main.rs");
}

/// Whether `code` names the `axum` crates or the server's HTTP layer.
fn reaches_for_http(code: &str) -> bool {
    let words = |c: char| !(c.is_alphanumeric() || c == '_' || c == ':');
    code.split(words).any(|word| {
        word == "axum"
            || word == "axum_extra"
            || word.starts_with("axum::")
            || word.starts_with("axum_extra::")
            || word == "crate::http"
            || word.starts_with("crate::http::")
    })
}

#[test]
fn only_the_http_layer_knows_http() {
    let server = Crate::load(&workspace().join("server/src"), "lib.rs");
    let outside: Vec<&str> = server
        .files()
        .filter(|(module, _)| *module != "http" && !module.starts_with("http::"))
        // Where the server is put together: it starts the HTTP listeners beside the workers.
        .filter(|(module, _)| *module != "serve")
        .filter(|(_, code)| reaches_for_http(code))
        .map(|(module, _)| module)
        .collect();
    assert!(
        outside.is_empty(),
        "outside server/src/http, these files use axum or crate::http: {outside:?}"
    );
}

/// A made-up crate under a fresh temporary folder.
fn made_up(files: &[(&str, &str)]) -> Crate {
    static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let folder = std::env::temp_dir().join(format!(
        "latchkey-tidy-{}-{}",
        std::process::id(),
        MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&folder);
    for (path, text) in files {
        let file = folder.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let krate = Crate::load(&folder, "lib.rs");
    std::fs::remove_dir_all(&folder).unwrap();
    krate
}

#[test]
fn a_circle_through_a_third_file_is_found_and_one_way_uses_are_not() {
    let krate = made_up(&[
        ("lib.rs", "mod a;\nmod b;\nmod base;\nmod c;\nmod d;\n"),
        (
            "a.rs",
            "use crate::b::{Thing as Other};\nuse crate::base::Base;\n",
        ),
        ("base.rs", "pub struct Base;\n"),
        ("b.rs", "pub struct Thing;\nfn f() { super::c::g(); }\n"),
        ("c.rs", "// use crate::d::Nothing;\nuse crate::{a, d};\n"),
        ("d.rs", "const S: &str = \"crate::a::X\";\n"),
    ]);
    assert_eq!(
        circles(&krate),
        vec![vec!["crate::a", "crate::b", "crate::c"]]
    );
}

#[test]
fn a_parent_handing_on_its_childs_items_is_no_circle_but_using_them_is() {
    let handing_on = made_up(&[
        ("lib.rs", "mod store;\n"),
        (
            "store/mod.rs",
            "mod users;\npub use users::User;\npub struct Store;\n",
        ),
        ("store/users.rs", "use super::Store;\npub struct User;\n"),
    ]);
    assert!(circles(&handing_on).is_empty());
    let using = made_up(&[
        ("lib.rs", "mod store;\nmod http;\n"),
        (
            "store/mod.rs",
            "mod users;\npub use users::User;\npub struct Store;\n",
        ),
        (
            "store/users.rs",
            "use crate::http::Error;\npub struct User;\n",
        ),
        (
            "http.rs",
            "use crate::store::User;\npub struct Error;\n#[cfg(test)]\nmod tests {\n    use crate::store::Store;\n}\n",
        ),
    ]);
    assert_eq!(
        circles(&using),
        vec![vec!["crate::http", "crate::store::users"]]
    );
}

#[test]
fn naming_axum_or_the_http_layer_is_seen_but_not_in_comments_or_words() {
    assert!(reaches_for_http("use axum::Json;"));
    assert!(reaches_for_http(
        "fn f() -> crate::http::error::AppError {}"
    ));
    assert!(reaches_for_http("use axum_extra::extract::CookieJar;"));
    assert!(!reaches_for_http("fn axumlike() {} let http_client = 1;"));
    assert!(!reaches_for_http(&crate::paths::code_of(
        "// axum::Json\nlet s = \"crate::http\";"
    )));
}

#[test]
fn a_name_holding_as_is_a_name_and_an_alias_is_dropped() {
    let krate = made_up(&[
        ("lib.rs", "mod passes;\nmod x;\n"),
        ("x.rs", "use crate::passes::{Pass as Ticket};\n"),
        ("passes.rs", "pub struct Pass;\nfn f() { crate::x::g(); }\n"),
    ]);
    assert_eq!(circles(&krate), vec![vec!["crate::passes", "crate::x"]]);
}
