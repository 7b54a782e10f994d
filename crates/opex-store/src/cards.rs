//! The score cards of completed assessments (`opex_core::card`), kept in
//! `score_cards` so that lists, the portfolio and trends read one row per
//! assessment instead of every vote. A card is made by `ScoredAssessment::
//! card` from the answers, kept only for a completed assessment, and dropped
//! by triggers (migration 11) whenever anything it is made of changes.

use crate::{Store, StoreError};
use opex_core::Assessment;
use opex_core::card::{CARD_VERSION, Listed, ScoreCard};
use rusqlite::params;
use std::collections::HashMap;

impl Store {
    /// Each of the team's assessments, oldest first, with its score card.
    pub fn listed(&self, team_id: i64) -> Result<Vec<Listed>, StoreError> {
        let mut kept: HashMap<i64, String> = HashMap::new();
        {
            let mut stmt = self.conn().prepare_cached(
                "SELECT c.assessment_id, c.card FROM score_cards c \
                 JOIN assessments a ON a.id = c.assessment_id \
                 WHERE a.team_id = ?1 AND c.version = ?2",
            )?;
            let rows = stmt.query_map(params![team_id, CARD_VERSION], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
            for row in rows {
                let (id, card) = row?;
                kept.insert(id, card);
            }
        }
        self.assessments(team_id)?
            .into_iter()
            .map(|a| {
                let card = match kept.get(&a.id).and_then(|json| parse(json)) {
                    Some(card) if a.is_complete() => card,
                    _ => self.make_card(&a)?,
                };
                Ok(Listed {
                    assessment: a,
                    card,
                })
            })
            .collect()
    }

    /// The score card of assessment `a`: the kept one when it is complete
    /// and has one, else made from its answers (and kept, when complete).
    pub fn card(&self, a: &Assessment) -> Result<ScoreCard, StoreError> {
        if a.is_complete() {
            let kept: Option<String> = self
                .conn()
                .prepare_cached(
                    "SELECT card FROM score_cards WHERE assessment_id = ?1 AND version = ?2",
                )?
                .query_row(params![a.id, CARD_VERSION], |r| r.get(0))
                .ok();
            if let Some(card) = kept.as_deref().and_then(parse) {
                return Ok(card);
            }
        }
        self.make_card(a)
    }

    /// Makes the card of `a` from its answers. A completed assessment's card
    /// is kept, read and written in one transaction, so a change made
    /// meanwhile by another process (whose trigger drops the card) is never
    /// covered by a card made before it. Keeping is best effort: inside
    /// another transaction, or when the write fails, the card is only
    /// returned.
    fn make_card(&self, a: &Assessment) -> Result<ScoreCard, StoreError> {
        if !a.is_complete() || !self.conn().is_autocommit() {
            return Ok(self.scored(a.id)?.card());
        }
        let tx = self.conn().unchecked_transaction()?;
        let card = self.scored(a.id)?.card();
        let kept = serde_json::to_string(&card)
            .ok()
            .map(|json| {
                tx.execute(
                    "INSERT OR REPLACE INTO score_cards (assessment_id, version, card) VALUES (?1, ?2, ?3)",
                    params![a.id, CARD_VERSION, json],
                )
            });
        if matches!(kept, Some(Ok(_))) {
            let _ = tx.commit();
        }
        Ok(card)
    }

    /// Drops every kept card: they are made again as they are read.
    pub fn forget_cards(&mut self) -> Result<(), StoreError> {
        self.conn().execute("DELETE FROM score_cards", [])?;
        Ok(())
    }
}

fn parse(json: &str) -> Option<ScoreCard> {
    serde_json::from_str(json).ok()
}
