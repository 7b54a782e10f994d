//! The view models the front doors return: typed, serialisable, and the
//! source of the UI's TypeScript types.

pub mod checklist;
pub mod common;
pub mod phone;
pub mod results;
pub mod team;
pub mod workshop;
