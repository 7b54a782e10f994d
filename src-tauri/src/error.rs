//! Maps every error to `{ kind, message }`, the one error shape the UI knows.
//! The kind comes from the application layer, so "not found" stays "not found".

use opex_service::{ErrorKind, ServiceError};
use serde::Serialize;
use ts_rs::TS;

/// An error as the UI sees it. `kind` lets the UI tell cases apart; `message`
/// is written for a person.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CommandError {
    pub kind: ErrorKind,
    pub message: String,
}

impl From<ServiceError> for CommandError {
    fn from(e: ServiceError) -> Self {
        CommandError {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

impl From<opex_store::StoreError> for CommandError {
    fn from(e: opex_store::StoreError) -> Self {
        ServiceError::from(e).into()
    }
}

impl From<opex_core::BankError> for CommandError {
    fn from(e: opex_core::BankError) -> Self {
        ServiceError::from(e).into()
    }
}

pub type CmdResult<T> = Result<T, CommandError>;
