//! The browser's compact country table (latchkey-api) agrees with libphonenumber's metadata,
//! which the server validates with. Regenerate it with
//! `cargo test -p latchkey-server --test suite countries -- --ignored`.

use latchkey_api::countries::COUNTRIES;

/// (region, calling code, shortest, longest national number) for every geographic region.
fn from_libphonenumber() -> Vec<(String, u16, u8, u8)> {
    let database = &*phonenumber::metadata::DATABASE;
    let mut rows = Vec::new();
    for code in 1..1000u16 {
        for metadata in database.by_code(&code).unwrap_or_default() {
            if metadata.id() == "001" {
                continue; // non-geographic numbers (+800 …) are not a country to pick
            }
            // The kinds of number a person's phone can be.
            let descriptors = metadata.descriptors();
            let lengths: Vec<u16> = [
                Some(descriptors.general()),
                descriptors.fixed_line(),
                descriptors.mobile(),
                descriptors.voip(),
                descriptors.personal_number(),
            ]
            .into_iter()
            .flatten()
            .flat_map(|d| d.possible_length().iter().copied())
            .collect();
            let (Some(min), Some(max)) = (lengths.iter().min(), lengths.iter().max()) else {
                continue;
            };
            rows.push((metadata.id().to_string(), code, *min as u8, *max as u8));
        }
    }
    rows.sort();
    rows.dedup();
    rows
}

#[test]
fn the_browser_table_matches_libphonenumber() {
    let ours: Vec<(String, u16, u8, u8)> = COUNTRIES
        .iter()
        .map(|c| {
            (
                c.region.to_string(),
                c.calling_code,
                c.min_length,
                c.max_length,
            )
        })
        .collect();
    assert_eq!(
        ours,
        from_libphonenumber(),
        "api/src/countries_table.in is out of date: run \
         cargo test -p latchkey-server --test suite countries -- --ignored"
    );
}

#[test]
#[ignore = "writes api/src/countries_table.in"]
fn regenerate_the_browser_table() {
    let mut text = String::from(
        "// Generated from libphonenumber's metadata by server/tests/suite/countries.rs.\n[\n",
    );
    for (region, code, min, max) in from_libphonenumber() {
        text.push_str(&format!(
            "    country(\"{region}\", {code}, {min}, {max}),\n"
        ));
    }
    text.push_str("]\n");
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../api/src/countries_table.in");
    std::fs::write(path, text).unwrap();
}
