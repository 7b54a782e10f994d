//! `opex-render`: opex's PDF renderer, a process of its own that both front
//! doors start (`opex_report::pdf`), so that neither the app nor the `opex`
//! CLI carries Typst. It reads one [`Job`] as JSON on standard input and
//! writes the PDF to standard output. On failure it writes one line to
//! standard error and exits with 1 (the report could not be laid out) or 2
//! (the input was not a job).

mod world;

use opex_report::pdf::Job;
use std::io::{Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        return fail(2, &format!("cannot read the job on standard input: {e}"));
    }
    let job: Job = match serde_json::from_slice(&input) {
        Ok(job) => job,
        Err(e) => return fail(2, &format!("the job on standard input is not valid: {e}")),
    };
    let pdf = match world::compile(job, &world::FONTS) {
        Ok(pdf) => pdf,
        Err(e) => return fail(1, &e),
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(&pdf).and_then(|()| out.flush()) {
        return fail(1, &format!("cannot write the PDF to standard output: {e}"));
    }
    ExitCode::SUCCESS
}

fn fail(code: u8, why: &str) -> ExitCode {
    eprintln!("{why}");
    ExitCode::from(code)
}
