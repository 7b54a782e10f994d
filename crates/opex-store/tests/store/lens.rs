//! A bank imported from a real AWS Well-Architected lens is kept like any
//! other and an assessment runs on it.

use chrono::Utc;
use opex_core::lens::{self, ReadOptions};
use opex_store::Store;

#[test]
fn a_bank_from_a_lens_is_stored_and_assessed() {
    let path = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/aws-lenses/Passport-Custom-Lens.json"
    ));
    assert!(
        path.is_file(),
        "the real lens files are missing: {}",
        path.display()
    );
    let read = lens::read_path(path, ReadOptions::default()).unwrap();
    let (bank, _) = lens::import(&read.lens).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let info = store.import_bank(&bank, Utc::now()).unwrap();
    assert_eq!(info.hash, bank.content_hash());
    assert_eq!(store.stored_bank(&info.hash).unwrap(), bank);
    let team = store.create_team("Regions").unwrap();
    let a = store
        .start_assessment(team.id, &bank, "full", Utc::now())
        .unwrap();
    let scored = store.scored(a.id).unwrap();
    assert_eq!(scored.bank, bank);
    assert_eq!(scored.asked.len(), 11);
}
