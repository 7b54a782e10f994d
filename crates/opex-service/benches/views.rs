//! In-process figures for the view models a screen waits for, on one team
//! of the synthetic organisation (`opex demo --teams …`): the results of
//! one workshop (54 questions × 12 voters: scores plus every chart as SVG),
//! and the team page of a team with 40 assessments. Run with
//! `cargo bench -p opex-service --bench views` (divan prints the timings).

#![allow(clippy::unwrap_used)] // a benchmark that cannot unwrap has failed

use opex_service::views::common::ThemeDto;
use opex_store::Store;
use opex_store::organisation::Organisation;

fn main() {
    divan::main();
}

/// A team of 40 assessments with 12 voters, in memory, and its newest full
/// workshop with all 12 voting.
fn team() -> (Store, i64, i64) {
    let mut store = Store::open_in_memory().unwrap();
    let bank = opex_core::default_bank().unwrap();
    let org = Organisation {
        teams: 1,
        assessments: 40,
        voters: 12,
    };
    opex_service::assessments::create_organisation(&mut store, &bank, org).unwrap();
    let team = store.teams().unwrap()[0].id;
    let workshop = store
        .assessments(team)
        .unwrap()
        .into_iter()
        .rev()
        .find(|a| a.kind == "workshop" && a.profile == "full" && a.is_complete())
        .expect("the organisation has full workshops");
    let scored = store.scored(workshop.id).unwrap();
    assert_eq!(scored.people(), 12, "all twelve voted");
    assert!(scored.asked.len() >= 54, "{} questions", scored.asked.len());
    (store, team, workshop.id)
}

#[divan::bench(sample_count = 30)]
fn results_of_one_workshop(bencher: divan::Bencher) {
    let (store, _, id) = team();
    bencher
        .bench_local(|| opex_service::assessments::results(&store, id, ThemeDto::Light).unwrap());
}

#[divan::bench(sample_count = 10)]
fn team_page_of_40_assessments(bencher: divan::Bencher) {
    let (store, team, _) = team();
    bencher.bench_local(|| opex_service::team::team_page(&store, team, ThemeDto::Light).unwrap());
}
