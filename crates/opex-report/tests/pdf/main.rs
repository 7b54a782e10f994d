//! The PDFs opex-report lays out, checked with the tools a reader's computer
//! trusts (poppler's pdftotext and pdffonts, qpdf). The tools and the fonts
//! come with `cargo xtask setup`; without them these tests fail.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

mod scripts;
mod support;
