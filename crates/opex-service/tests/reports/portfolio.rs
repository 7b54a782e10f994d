//! The portfolio in every format, for teams with hostile names: HTML parsed for
//! scripts and external requests, Markdown tables intact, CSV round-tripped.

use chrono::Utc;
use opex_report::portfolio;
use opex_store::Store;

const NASTY: [&str; 3] = [
    "<script>alert(1)</script> | [x](http://evil.example) <img src=x>",
    "=HYPERLINK(\"http://evil.example\")",
    "Plain team",
];

fn portfolio_of_nasty_teams() -> portfolio::Portfolio {
    let mut store = Store::open_in_memory().unwrap();
    let bank = opex_core::default_bank().unwrap();
    for name in NASTY {
        opex_store::demo::create_demo(&mut store, &bank, name, Utc::now()).unwrap();
    }
    opex_service::team::portfolio_data(&store, &bank, &[]).unwrap()
}

#[test]
fn the_html_is_self_contained_and_shows_names_as_text() {
    let p = portfolio_of_nasty_teams();
    let page = portfolio::html(&p).unwrap();
    let doc = scraper::Html::parse_document(&page);
    let all = scraper::Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        let name = el.value().name();
        assert!(
            !["script", "img", "link", "iframe", "object"].contains(&name),
            "no <{name}> in the page"
        );
        for (attr, value) in el.value().attrs().filter(|(a, _)| !a.starts_with("xmlns")) {
            assert!(
                !["src", "href"].contains(&attr) && !value.contains("http"),
                "no external reference: {attr}={value}"
            );
        }
    }
    let rows = scraper::Selector::parse("tbody tr td.team strong").unwrap();
    let names: Vec<String> = doc.select(&rows).map(|e| e.text().collect()).collect();
    assert_eq!(names.len(), 3, "one matrix row a team");
    for n in NASTY {
        assert!(names.iter().any(|x| x == n), "{n} is shown as text");
    }
    let header = scraper::Selector::parse("thead th").unwrap();
    assert_eq!(
        doc.select(&header).count(),
        13 + 4,
        "team, coverage, overall, areas, gap"
    );
    let svgs = scraper::Selector::parse("figure svg").unwrap();
    assert_eq!(doc.select(&svgs).count(), 3, "a trend a team");
    assert!(page.contains("@media print"));
}

#[test]
fn the_markdown_table_keeps_its_shape() {
    let p = portfolio_of_nasty_teams();
    let md = portfolio::markdown(&p);
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(rows.len(), 2 + 3, "header, rule and a row a team");
    let cells = |l: &str| l.replace("\\|", "").matches('|').count();
    for r in &rows {
        assert_eq!(
            cells(r),
            cells(rows[0]),
            "every row has the header's cells: {r}"
        );
    }
    assert!(!md.contains("<script>"), "raw HTML is neutralised");
    assert!(
        !md.replace("\\]", "").contains("]("),
        "link syntax is neutralised"
    );
}

#[test]
fn the_csv_round_trips_and_neutralises_formulas() {
    let p = portfolio_of_nasty_teams();
    let text = portfolio::csv(&p).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "team",
            "latest",
            "coverage_percent",
            "partial",
            "pulse",
            "area",
            "area_name",
            "score",
            "target",
            "gap",
            "voters",
            "origin"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 3 * 13);
    assert!(
        rows.iter().any(|r| &r[0] == NASTY[0]),
        "commas, quotes and pipes survive"
    );
    assert!(
        rows.iter()
            .any(|r| &r[0] == "'=HYPERLINK(\"http://evil.example\")")
    );
    assert!(rows.iter().all(|r| !r[0].starts_with('=')));
    for r in &rows {
        let score: f64 = r[7].parse().unwrap();
        assert!((1.0..=5.0).contains(&score), "{score}");
    }
}

/// The demo team, then a quick pulse finished a day later with 3 of its 13
/// questions answered at level 1.
fn demo_then_partial_pulse() -> (Store, i64, i64) {
    let mut store = Store::open_in_memory().unwrap();
    let bank = opex_core::default_bank().unwrap();
    let team = opex_store::demo::create_demo(&mut store, &bank, "Ops", Utc::now()).unwrap();
    let at = Utc::now() + chrono::Duration::days(1);
    let a = store.start_assessment(team.id, &bank, "quick", at).unwrap();
    for q in a.asked(&bank).iter().take(3) {
        let level = opex_core::Response {
            answer: opex_core::Answer::Level(1),
            note: None,
            breadth: None,
        };
        store.save_consensus(a.id, q, &level, at).unwrap();
    }
    opex_service::assessments::finish(&mut store, a.id, true).unwrap();
    (store, team.id, a.id)
}

#[test]
fn a_partial_pulse_does_not_take_over_the_portfolio() {
    let (store, team, partial) = demo_then_partial_pulse();
    let bank = opex_core::default_bank().unwrap();
    let p = opex_service::team::portfolio_data(&store, &bank, &[team]).unwrap();
    let row = &p.teams[0];
    let full = store.completed(team).unwrap();
    assert_eq!(full.len(), 5);
    let demo_latest = &full[3];
    assert_eq!(
        row.latest.as_deref(),
        Some(demo_latest.assessment.started_at.to_rfc3339().as_str()),
        "the row shows the last complete assessment, not the partial pulse"
    );
    assert_eq!(row.overall, demo_latest.scores.overall.mean);
    assert!(!row.partial);
    assert_eq!(row.newer_partial, 1);
    assert_eq!(
        row.passed_over().as_deref(),
        Some("1 newer partial assessment not shown")
    );
    let md = portfolio::markdown(&p);
    assert!(md.contains("| Coverage |"), "{md}");
    assert!(md.contains("1 newer partial assessment not shown"), "{md}");

    // The team's report is about the same complete assessment...
    let headline = opex_service::export::headline(&store, team, None).unwrap();
    assert_eq!(headline, demo_latest.assessment.id);
    // ...and when the user picks the partial one, its first sentence says so.
    let scored = store.scored(partial).unwrap();
    let until = Some(scored.assessment.started_at);
    let input =
        opex_service::load::leadership_input(&store, team, None, until, false, Utc::now()).unwrap();
    let r = opex_report::leadership::build(&input).unwrap();
    let first = &r.summary[0];
    assert!(
        first.starts_with("A partial quick pulse on ")
            && first.contains(": 3 of 13 applicable questions answered (23%), below the 60%"),
        "{first}"
    );
    assert!(r.participation.partial && r.participation.pulse);
}

#[test]
fn only_partial_assessments_show_the_latest_marked_partial() {
    let mut store = Store::open_in_memory().unwrap();
    let bank = opex_core::default_bank().unwrap();
    let team = store.create_team("New").unwrap();
    let a = store
        .start_assessment(team.id, &bank, "full", Utc::now())
        .unwrap();
    opex_service::assessments::finish(&mut store, a.id, true).unwrap();
    let p = opex_service::team::portfolio_data(&store, &bank, &[team.id]).unwrap();
    let row = &p.teams[0];
    assert!(row.partial);
    assert_eq!(row.coverage.as_deref(), Some("0 of 76 answered"));
    assert_eq!(row.coverage_note(), "0% answered · partial");
    assert_eq!(row.overall, None);
}
