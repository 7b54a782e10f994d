//! The store's integration tests, in one binary: each test opens its own
//! fresh database (in memory, or a file in its own temporary folder).

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

mod assessments;
mod cards;
mod checklists;
mod evidence;
mod fixtures;
mod improvement;
mod killing;
mod lens;
mod opening;
mod portable;
mod safety;
mod usage;
mod workshop;
