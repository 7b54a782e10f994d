//! The reports end to end: data loaded by opex-service from a real store,
//! rendered by opex-report, and checked as a reader would (JSON against its
//! schema, CSV parsed back, HTML parsed, PDF through qpdf and poppler).

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

mod leadership;
mod pdf;
mod portfolio;
mod support;
