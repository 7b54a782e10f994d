//! The renderer as its callers meet it: a job as JSON on standard input, the
//! PDF on standard output, and one line on standard error with exit status 1
//! or 2 when it cannot make one.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use opex_report::pdf::{Job, LEADERSHIP_TEMPLATE};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn render(input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_opex-render"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn job(template: &str) -> Vec<u8> {
    let data = serde_json::json!({ "team": "Payments <script>alert(1)</script>" });
    serde_json::to_vec(&Job::new(template.into(), &data, &[]).unwrap()).unwrap()
}

#[test]
fn a_job_comes_back_as_a_pdf() {
    let out = render(&job(
        "#import \"fonts.typ\": *\n#json(\"data.json\").team\n",
    ));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.starts_with(b"%PDF-"));
    assert!(out.stdout.ends_with(b"%%EOF\n") || out.stdout.ends_with(b"%%EOF"));
    assert!(out.stderr.is_empty());
}

#[test]
fn input_that_is_not_a_job_exits_with_2_and_says_so() {
    let out = render(b"{\"template\": 3}");
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("the job on standard input is not valid"),
        "{said}"
    );
    assert!(said.contains("line 1"), "serde names where: {said}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_template_typst_rejects_exits_with_1_and_typsts_message() {
    let out = render(&job("#json(\"missing.json\")"));
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("missing.json"), "{said}");
    assert!(out.stdout.is_empty());
}

#[test]
fn the_leadership_template_with_no_data_is_an_error_not_a_pdf() {
    let out = render(&job(LEADERSHIP_TEMPLATE));
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).trim().is_empty());
}
