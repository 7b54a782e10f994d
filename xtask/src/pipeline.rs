//! Runs a list of named steps in order, stops at the first failure, times each
//! step and prints a summary, so a long CI log says at a glance what failed.

use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::workspace::Workspace;

pub struct Step {
    pub name: &'static str,
    run: fn(&Workspace) -> Result<()>,
}

impl Step {
    pub const fn new(name: &'static str, run: fn(&Workspace) -> Result<()>) -> Self {
        Self { name, run }
    }
}

enum Outcome {
    Passed(Duration),
    Failed(Duration),
    NotRun,
}

pub fn run(ws: &Workspace, steps: &[Step]) -> Result<()> {
    let started = Instant::now();
    let mut outcomes = Vec::with_capacity(steps.len());
    let mut failure = None;

    for (i, step) in steps.iter().enumerate() {
        if failure.is_some() {
            outcomes.push(Outcome::NotRun);
            continue;
        }
        println!("\n==> [{}/{}] {}", i + 1, steps.len(), step.name);
        let step_started = Instant::now();
        let result = (step.run)(ws);
        let took = step_started.elapsed();
        match result {
            Ok(()) => {
                println!("step {} took {}", step.name, seconds(took));
                outcomes.push(Outcome::Passed(took));
            }
            Err(e) => {
                println!("step {} failed after {}", step.name, seconds(took));
                outcomes.push(Outcome::Failed(took));
                failure = Some(Error::new(format!("step `{}` failed: {e}", step.name)));
            }
        }
    }

    print_summary(steps, &outcomes, started.elapsed());
    failure.map_or(Ok(()), Err)
}

fn print_summary(steps: &[Step], outcomes: &[Outcome], total: Duration) {
    let width = steps.iter().map(|s| s.name.len()).max().unwrap_or(0);
    println!("\nsummary:");
    for (step, outcome) in steps.iter().zip(outcomes) {
        let (status, took) = match outcome {
            Outcome::Passed(took) => ("ok", seconds(*took)),
            Outcome::Failed(took) => ("FAILED", seconds(*took)),
            Outcome::NotRun => ("not run", String::new()),
        };
        println!("  {:<width$}  {status:<7}  {took:>8}", step.name);
    }
    let failed = steps
        .iter()
        .zip(outcomes)
        .find(|(_, outcome)| matches!(outcome, Outcome::Failed(_)));
    match failed {
        None => println!("all {} steps passed in {}", steps.len(), seconds(total)),
        Some((step, _)) => println!("stopped at step {} after {}", step.name, seconds(total)),
    }
}

fn seconds(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(_: &Workspace) -> Result<()> {
        Ok(())
    }

    fn fail(_: &Workspace) -> Result<()> {
        Err(Error::new("boom"))
    }

    fn unreachable_step(_: &Workspace) -> Result<()> {
        Err(Error::new("a step after a failure ran"))
    }

    #[test]
    fn stops_at_the_first_failure_and_names_it() -> Result<()> {
        let ws = Workspace::locate()?;
        let steps = [
            Step::new("first", ok),
            Step::new("second", fail),
            Step::new("third", unreachable_step),
        ];
        let err = run(&ws, &steps).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("step `second` failed: boom"));
        Ok(())
    }

    #[test]
    fn passes_when_every_step_passes() -> Result<()> {
        let ws = Workspace::locate()?;
        run(&ws, &[Step::new("a", ok), Step::new("b", ok)])
    }

    #[test]
    fn seconds_has_one_decimal() {
        assert_eq!(seconds(Duration::from_millis(12_340)), "12.3 s");
    }
}
