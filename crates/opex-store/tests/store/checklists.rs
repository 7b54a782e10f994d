//! Checklist questions in a real file: ticks saved at once and read back,
//! "none of these" alone, unknown choices refused, a level refused, and the
//! risk counts derived (never stored).

use chrono::Utc;
use opex_core::checklist::{Checklist, Choice, Risk, RiskRule};
use opex_core::model::{Area, AreaKind};
use opex_core::{Bank, Question};
use opex_store::{Store, StoreError};
use std::collections::BTreeSet;

fn choice(id: &str, none: bool) -> Choice {
    Choice {
        id: id.into(),
        title: format!("Practice {id}"),
        helpful_resource: None,
        improvement_plan: None,
        additional_resources: Vec::new(),
        none_of_these: none,
    }
}

/// The default bank plus one pillar with one checklist question: backups
/// (`b`) and restores (`r`) in place is no risk, backups alone medium,
/// anything else high.
fn bank() -> Bank {
    let mut bank = opex_core::default_bank().unwrap();
    bank.areas.push(Area {
        id: "reliability".into(),
        kind: AreaKind::Pillar,
        name: "Reliability".into(),
        description: "A lens pillar".into(),
        traditional: None,
        modern: None,
    });
    let mut q: Question = bank.questions[0].clone();
    q.id = "REL-01".into();
    q.area = "reliability".into();
    q.phase = None;
    q.levels = Vec::new();
    q.next_steps = Vec::new();
    q.replaces = Vec::new();
    q.checklist = Some(Checklist {
        choices: vec![choice("b", false), choice("r", false), choice("q_no", true)],
        risk_rules: vec![
            RiskRule {
                condition: "b && r".into(),
                risk: Risk::None,
            },
            RiskRule {
                condition: "b && !r".into(),
                risk: Risk::Medium,
            },
            RiskRule {
                condition: "default".into(),
                risk: Risk::High,
            },
        ],
        helpful_resource: None,
        origin: None,
        maturity: None,
    });
    bank.questions.push(q);
    bank
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn ticks_are_kept_and_give_the_risk_per_area_apart_from_maturity() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("opex.sqlite3");
    let bank = bank();
    let a = {
        let mut store = Store::open(&db).unwrap();
        let team = store.create_team("T").unwrap();
        let a = store
            .start_assessment(team.id, &bank, "full", Utc::now())
            .unwrap()
            .id;
        let before = store.scored(a).unwrap();
        assert_eq!(before.risks()[0].unanswered, 1);
        store
            .save_checklist(a, "REL-01", &set(&["b"]), &None, Utc::now())
            .unwrap();
        a
    };
    let mut store = Store::open(&db).unwrap();
    let scored = store.scored(a).unwrap();
    assert_eq!(scored.checklist["REL-01"], set(&["b"]));
    let risks = scored.risks();
    assert_eq!(risks.len(), 1, "only the pillar asks a checklist question");
    assert_eq!(
        (
            risks[0].high,
            risks[0].medium,
            risks[0].none,
            risks[0].unanswered
        ),
        (0, 1, 0, 0)
    );
    assert_eq!(
        (
            risks[0].questions[0].in_place,
            risks[0].questions[0].practices
        ),
        (1, 2)
    );
    // The checklist question is neither answered nor unanswered in maturity.
    let total = opex_core::default_bank().unwrap().questions.len();
    assert_eq!(scored.coverage().asked, total);

    store
        .save_checklist(a, "REL-01", &set(&["b", "r"]), &None, Utc::now())
        .unwrap();
    assert_eq!(store.scored(a).unwrap().risks()[0].none, 1);
    store
        .save_checklist(a, "REL-01", &set(&["q_no"]), &None, Utc::now())
        .unwrap();
    assert_eq!(store.scored(a).unwrap().risks()[0].high, 1);
    // Ticking nothing takes the answer back.
    store
        .save_checklist(a, "REL-01", &set(&[]), &None, Utc::now())
        .unwrap();
    assert_eq!(store.scored(a).unwrap().risks()[0].unanswered, 1);
}

#[test]
fn a_checklist_answer_is_refused_when_it_cannot_be_right() {
    let mut store = Store::open_in_memory().unwrap();
    let bank = bank();
    let team = store.create_team("T").unwrap();
    let a = store
        .start_assessment(team.id, &bank, "full", Utc::now())
        .unwrap()
        .id;
    let e = store
        .save_checklist(a, "REL-01", &set(&["b", "q_no"]), &None, Utc::now())
        .unwrap_err();
    assert!(e.to_string().contains("none of these"), "{e}");
    let e = store
        .save_checklist(a, "REL-01", &set(&["zzz"]), &None, Utc::now())
        .unwrap_err();
    assert!(e.to_string().contains("no choice `zzz`"), "{e}");
    let maturity = bank.questions[0].id.clone();
    let e = store
        .save_checklist(a, &maturity, &set(&["b"]), &None, Utc::now())
        .unwrap_err();
    assert!(e.to_string().contains("not a checklist question"), "{e}");
    let e = store
        .save_consensus(
            a,
            "REL-01",
            &opex_core::Response::of(opex_core::Answer::Level(3)),
            Utc::now(),
        )
        .unwrap_err();
    assert!(e.to_string().contains("is a checklist"), "{e}");
    store.complete(a, Utc::now()).unwrap();
    assert!(matches!(
        store.save_checklist(a, "REL-01", &set(&["b"]), &None, Utc::now()),
        Err(StoreError::Closed(_))
    ));
}

#[test]
fn with_the_banks_mapping_a_checklist_question_counts_as_a_level() {
    let mut bank = bank();
    if let Some(c) = bank.questions.last_mut().and_then(|q| q.checklist.as_mut()) {
        c.maturity = Some(opex_core::checklist::RiskMaturity {
            high: 1,
            medium: 3,
            none: 5,
            why: "test".into(),
        });
    }
    let mut store = Store::open_in_memory().unwrap();
    let team = store.create_team("T").unwrap();
    let a = store
        .start_assessment(team.id, &bank, "full", Utc::now())
        .unwrap()
        .id;
    store
        .save_checklist(a, "REL-01", &set(&["b"]), &None, Utc::now())
        .unwrap();
    let scored = store.scored(a).unwrap();
    let total = opex_core::default_bank().unwrap().questions.len();
    assert_eq!(scored.coverage().asked, total + 1);
    assert_eq!(scored.coverage().answered, 1);
    assert_eq!(
        scored.scores.overall.mean,
        Some(3.0),
        "medium risk maps to 3"
    );
}

#[test]
fn checklist_answers_travel_in_the_opex_file() {
    let bank = bank();
    let mut here = Store::open_in_memory().unwrap();
    let team = here.create_team("Lens team").unwrap();
    let a = here
        .start_assessment(team.id, &bank, "full", Utc::now())
        .unwrap()
        .id;
    here.save_checklist(
        a,
        "REL-01",
        &set(&["b"]),
        &Some("backups only".into()),
        Utc::now(),
    )
    .unwrap();
    let file = here
        .team_file(team.id, "2026-12-01T00:00:00Z", "test")
        .unwrap();
    let record = &file.assessments[0].checklist_answers;
    assert_eq!(record.len(), 1);
    assert_eq!(record[0].choices, vec!["b".to_string()]);

    // A choice the bank lacks is refused, naming its JSON path.
    let mut bad = file.clone();
    bad.assessments[0].checklist_answers[0].choices = vec!["zzz".into()];
    let e = format!("{:?}", opex_core::portable::check(&bad).err());
    assert!(e.contains("checklist_answers[0].choices[0]"), "{e}");

    let mut there = Store::open_in_memory().unwrap();
    let checked = opex_core::portable::check(&file).unwrap();
    let origin = opex_store::Origin {
        file: "lens.opex.json".into(),
        exported_at: "2026-12-01T00:00:00Z".into(),
    };
    let imported = there.import_team_file(&checked, &origin, None).unwrap();
    let a2 = there.assessments(imported.team_id).unwrap()[0].id;
    let scored = there.scored(a2).unwrap();
    assert_eq!(scored.checklist["REL-01"], set(&["b"]));
    assert_eq!(scored.risks()[0].medium, 1);
}

#[test]
fn a_workshop_is_refused_on_checklist_questions_and_says_what_to_do() {
    let mut store = Store::open_in_memory().unwrap();
    let bank = bank();
    let team = store.create_team("T").unwrap();
    let mut new =
        crate::fixtures::new_workshop(team.id, &bank, opex_core::workshop::Anonymity::Open, &["A"]);
    new.settings.areas = Some(vec!["reliability".into()]);
    let e = store.start_workshop(&new, Utc::now()).unwrap_err();
    assert!(
        e.to_string()
            .contains("1 of the chosen questions are checklists"),
        "{e}"
    );
    // The maturity areas of the same bank still run as a workshop.
    new.settings.areas = Some(vec!["scaling".into()]);
    store.start_workshop(&new, Utc::now()).unwrap();
}
