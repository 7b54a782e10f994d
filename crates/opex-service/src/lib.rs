//! opex-service: the application layer between the store and every front door
//! (the Tauri shell, the `opex` CLI, and the phone-voting server). It loads
//! what a view needs from the store in one place, applies opex-core's rules,
//! calls opex-report's renderers, and returns typed view models. A front door
//! parses its input, calls one function here, and presents the result.

pub mod assessments;
pub mod database;
pub mod error;
pub mod export;
pub mod files;
pub mod load;
pub mod phones;
pub mod portable;
pub mod team;
pub mod views;
pub mod workshops;

pub use error::{ErrorKind, Result, ServiceError};
