//! Question banks kept in the database: each assessment's copy (keyed by
//! content hash) and the imported banks offered for new assessments.

use crate::rows::{parse_ts, ts};
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use opex_core::{Bank, BankInfo};
use rusqlite::{Connection, OptionalExtension, params};

/// Stores `bank` under its content hash unless it is already there.
pub(crate) fn insert_bank(tx: &Connection, bank: &Bank) -> Result<String, StoreError> {
    let hash = bank.content_hash();
    let json = serde_json::to_string(bank).map_err(|e| StoreError::Invalid(e.to_string()))?;
    tx.execute(
        "INSERT OR IGNORE INTO banks (hash, bank_id, version, title, content, stored_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![hash, bank.id, bank.version, bank.title, json, ts(Utc::now())],
    )?;
    Ok(hash)
}

impl Store {
    /// Keeps `bank` in the database and offers it for new assessments. Importing
    /// the same content twice changes nothing.
    pub fn import_bank(&mut self, bank: &Bank, at: DateTime<Utc>) -> Result<BankInfo, StoreError> {
        let hash = self.with_tx(|tx| {
            let hash = insert_bank(tx, bank)?;
            tx.execute(
                "UPDATE banks SET imported_at = COALESCE(imported_at, ?2) WHERE hash = ?1",
                params![hash, ts(at)],
            )?;
            Ok(hash)
        })?;
        self.bank_info(&hash)
    }

    fn bank_info(&self, hash: &str) -> Result<BankInfo, StoreError> {
        Ok(self.conn().query_row(
            "SELECT hash, bank_id, version, title, imported_at FROM banks WHERE hash = ?1",
            [hash],
            |r| {
                Ok(BankInfo {
                    hash: r.get(0)?,
                    bank_id: r.get(1)?,
                    version: r.get(2)?,
                    title: r.get(3)?,
                    imported_at: r
                        .get::<_, Option<String>>(4)?
                        .as_deref()
                        .map(parse_ts)
                        .transpose()?,
                })
            },
        )?)
    }

    /// The imported banks, newest import first.
    pub fn imported_banks(&self) -> Result<Vec<(BankInfo, Bank)>, StoreError> {
        let hashes: Vec<String> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT hash FROM banks WHERE imported_at IS NOT NULL ORDER BY imported_at DESC",
            )?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        hashes
            .iter()
            .map(|h| Ok((self.bank_info(h)?, self.stored_bank(h)?)))
            .collect()
    }

    /// A stored bank by content hash.
    pub fn stored_bank(&self, hash: &str) -> Result<Bank, StoreError> {
        let json: String = self
            .conn()
            .query_row("SELECT content FROM banks WHERE hash = ?1", [hash], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::Invalid(format!("no stored bank with hash {hash}")))?;
        serde_json::from_str(&json)
            .map_err(|e| StoreError::Invalid(format!("the stored bank {hash} cannot be read: {e}")))
    }

    /// The bank an assessment ran against, exactly as it was then.
    pub fn bank_of(&self, assessment_id: i64) -> Result<Bank, StoreError> {
        let hash: String = self
            .conn()
            .query_row(
                "SELECT bank_hash FROM assessments WHERE id = ?1",
                [assessment_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "assessment",
                id: assessment_id,
            })?;
        if let Some(bank) = self.banks.borrow().get(&hash) {
            return Ok(bank.clone());
        }
        let json: String = self
            .conn()
            .query_row("SELECT content FROM banks WHERE hash = ?1", [&hash], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "assessment",
                id: assessment_id,
            })?;
        let bank: Bank = serde_json::from_str(&json).map_err(|e| StoreError::StoredBank {
            assessment: assessment_id,
            reason: e.to_string(),
        })?;
        self.banks.borrow_mut().insert(hash, bank.clone());
        Ok(bank)
    }
}
