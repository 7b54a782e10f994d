//! The phones that joined a voting session: each phone's cookie id and who it
//! votes as (`opex_service::phones::Voter`). Lives only as long as the
//! session; the store keeps the votes, never the phones.

use opex_service::phones::Voter;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};

pub struct Phones {
    max: u32,
    by_id: Mutex<HashMap<String, Voter>>,
}

/// The phones, locked for one request: the lock is held across the store
/// call, so that two taps from one phone, or two phones picking one name,
/// are taken one after the other.
pub struct Locked<'a>(MutexGuard<'a, HashMap<String, Voter>>);

impl Phones {
    pub fn new(max: u32) -> Phones {
        Phones {
            max,
            by_id: Mutex::new(HashMap::new()),
        }
    }

    pub fn lock(&self) -> Locked<'_> {
        Locked(
            self.by_id
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }

    /// The participants who joined from a phone, and how many phones joined.
    pub fn joined(&self) -> (Vec<i64>, u32) {
        let phones = self.lock();
        let mut named: Vec<i64> = phones.0.values().filter_map(Voter::participant).collect();
        named.sort_unstable();
        (named, phones.0.len() as u32)
    }

    /// Signs out the phone that joined as `participant_id`.
    pub fn free(&self, participant_id: i64) {
        self.lock()
            .0
            .retain(|_, v| v.participant() != Some(participant_id));
    }
}

impl Locked<'_> {
    /// Who the phone with cookie id `id` is; a stranger when unknown.
    pub fn voter(&self, id: Option<&str>) -> Voter {
        id.and_then(|id| self.0.get(id))
            .cloned()
            .unwrap_or(Voter::Stranger)
    }

    pub fn is_known(&self, id: &str) -> bool {
        self.0.contains_key(id)
    }

    /// The participants other phones than `id` joined as.
    pub fn taken(&self, id: Option<&str>) -> HashSet<i64> {
        self.0
            .iter()
            .filter(|(k, _)| Some(k.as_str()) != id)
            .filter_map(|(_, v)| v.participant())
            .collect()
    }

    /// Whether one more phone may join.
    pub fn has_room(&self, max: u32) -> bool {
        (self.0.len() as u32) < max
    }

    pub fn set(&mut self, id: String, voter: Voter) {
        self.0.insert(id, voter);
    }
}

impl Phones {
    pub fn max(&self) -> u32 {
        self.max
    }
}
