//! The usage report's reading on a real file: round-1 votes per person and
//! from anonymous tallies, re-votes, self-assessment answers, titles, and the
//! bank filter.

use crate::fixtures::{PEOPLE, Setup, day, level, response};
use opex_core::Answer;
use opex_core::usage::{Rate, report};
use opex_core::workshop::Anonymity;
use opex_store::Store;

fn rate(count: usize, of: usize) -> Rate {
    Rate { count, of }
}

#[test]
fn usage_counts_round_one_votes_re_votes_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("usage.sqlite3");
    let (q0, q1, q2, title) = {
        let mut s = Setup::on_file(&path, "Usage");
        // An open workshop: the first question splits 1 and 4 (and one N/A),
        // is voted again (3 and 3), and agreed.
        let w = s.workshop(Anonymity::Open, &PEOPLE, day(3, 2));
        let (a, p) = (w.assessment.id, &w.participants);
        let [q0, q1, q2] = [0, 1, 2].map(|i| w.questions[i].question_id.clone());
        let na = Answer::NotApplicable {
            reason: "no batch jobs".into(),
        };
        let store = &mut s.store;
        for (who, answer) in [(0, level(1)), (1, level(4)), (2, na)] {
            store
                .cast(a, &q0, Some(p[who].id), &answer, day(3, 2))
                .unwrap();
        }
        store.reveal(a, &q0).unwrap();
        assert_eq!(store.revote(a, &q0).unwrap(), 2);
        for who in [0, 1] {
            store
                .cast(a, &q0, Some(p[who].id), &level(3), day(3, 2))
                .unwrap();
        }
        store.reveal(a, &q0).unwrap();
        store.agree(a, &q0, &response(3, None), day(3, 2)).unwrap();
        // The second question: 2 and 3, agreed at once.
        for (who, l) in [(0, 2), (1, 3)] {
            store
                .cast(a, &q1, Some(p[who].id), &level(l), day(3, 2))
                .unwrap();
        }
        store.reveal(a, &q1).unwrap();
        store.agree(a, &q1, &response(3, None), day(3, 2)).unwrap();
        // The third: one "don't know", nothing to discuss.
        store
            .cast(a, &q2, Some(p[3].id), &Answer::DontKnow, day(3, 2))
            .unwrap();

        // An anonymous workshop: tallies 2, 2, 3 on the first question, and
        // 4, 4 on the second.
        let w = s.workshop(Anonymity::Anonymous, &[], day(6, 2));
        let a = w.assessment.id;
        for (q, l) in [(&q0, 2), (&q0, 2), (&q0, 3), (&q1, 4), (&q1, 4)] {
            s.store.cast(a, q, None, &level(l), day(6, 2)).unwrap();
        }

        // A self-assessment's agreed answers count; the votes behind them do not.
        let a = s.assessment(day(9, 1)).id;
        let ana = s.store.add_participant(a, "Ana").unwrap();
        s.store
            .save_vote(ana.id, &q0, &response(5, None), day(9, 1))
            .unwrap();
        for q in [&q0, &q1] {
            s.store
                .save_consensus(a, q, &response(2, None), day(9, 1))
                .unwrap();
        }
        let title = s.bank.questions.iter().find(|q| q.id == q0).unwrap().name();
        (q0, q1, q2, title)
    };

    let store = Store::open(&path).unwrap();
    let obs = store.usage_observations(Some("opex")).unwrap();
    assert_eq!(obs, store.usage_observations(None).unwrap());
    let r = report(&obs);
    assert_eq!((r.assessments, r.workshops, r.workshops_voted), (3, 2, 2));
    let row = |id: &str| r.rows.iter().find(|q| q.question_id == id).unwrap();

    let first = row(&q0);
    assert_eq!(first.title.as_deref(), Some(title.as_str()));
    assert_eq!(
        first.disagreement,
        rate(1, 2),
        "1 and 4 disagree; 2, 2, 3 not"
    );
    assert_eq!(first.revote, rate(1, 2));
    // Answers: three round-1 votes, three tallies, one agreed answer; the
    // round-2 votes and the self-assessment's vote are not answers.
    assert_eq!(first.not_applicable, rate(1, 7));
    assert_eq!(first.dont_know, rate(0, 7));

    let second = row(&q1);
    assert_eq!(
        (second.disagreement, second.revote),
        (rate(0, 2), rate(0, 2))
    );
    assert_eq!(second.not_applicable, rate(0, 5));

    let third = row(&q2);
    assert_eq!((third.disagreement, third.revote), (rate(0, 0), rate(0, 1)));
    assert_eq!(third.dont_know, rate(1, 1));
    assert_eq!(r.rows.len(), 3, "questions nobody answered are left out");
    assert_eq!(r.answers(), 13);
    assert!(
        r.rows.iter().all(|q| q.flags.is_empty()),
        "too few workshops to flag"
    );

    let other = store.usage_observations(Some("another-bank")).unwrap();
    assert_eq!((other.assessments, other.workshops), (0, 0));
    assert!(other.workshop_questions.is_empty() && other.self_answers.is_empty());
    assert!(other.titles.is_empty());
}

#[test]
fn an_empty_database_has_nothing_to_say() {
    let store = Store::open_in_memory().unwrap();
    let r = report(&store.usage_observations(None).unwrap());
    assert_eq!((r.assessments, r.workshops, r.workshops_voted), (0, 0, 0));
    assert!(r.rows.is_empty());
}
