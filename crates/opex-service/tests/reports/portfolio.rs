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
        13 + 3,
        "team, overall, areas, gap"
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
            "area",
            "area_name",
            "score",
            "target",
            "gap",
            "voters"
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
        let score: f64 = r[4].parse().unwrap();
        assert!((1.0..=5.0).contains(&score), "{score}");
    }
}
