//! The charts of one assessment (radar, phase bars, spectrum), drawn from its
//! summary against the previous assessment: the same SVGs on the results
//! screen and in every report.

use crate::charts::{self, Bar, ChartError, Series, SpectrumRow, Theme};
use opex_core::{AreaKind, ScoredAssessment, Summary};

/// The three charts of an assessment, as SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct Charts {
    pub radar: String,
    pub phases: String,
    pub spectrum: String,
}

/// Draws the radar, phase bars and spectrum for a summary.
pub fn charts(
    summary: &Summary,
    current: &ScoredAssessment,
    theme: Theme,
) -> Result<Charts, ChartError> {
    let label = format!("This assessment ({})", summary.label);
    let prev_label = summary
        .previous_label
        .as_ref()
        .map(|l| format!("Previous ({l})"));
    let axes: Vec<String> = summary
        .areas
        .iter()
        .map(|a| {
            if a.changed.is_empty() {
                a.name.clone()
            } else {
                format!("{} †", a.name)
            }
        })
        .collect();
    let now = Series {
        label: label.clone(),
        values: summary.areas.iter().map(|a| a.mean).collect(),
    };
    let before = prev_label.as_ref().map(|l| Series {
        label: l.clone(),
        values: summary
            .areas
            .iter()
            .map(|a| a.change.map(|c| c.before))
            .collect(),
    });
    let target = summary
        .areas
        .iter()
        .any(|a| a.target.is_some())
        .then(|| Series {
            label: "Target".to_string(),
            values: summary.areas.iter().map(|a| a.target).collect(),
        });
    let radar = charts::radar(&axes, &now, before.as_ref(), target.as_ref(), theme)?;
    let bars: Vec<Bar> = summary
        .phases
        .iter()
        .map(|p| Bar {
            label: p.phase.label().to_string(),
            value: p.mean,
            caption: format!(
                "{} of {} applicable questions answered",
                p.answered, p.applicable
            ),
            previous: p.change.map(|c| c.before),
        })
        .collect();
    let phases = charts::bars(&bars, &label, prev_label.as_deref(), theme)?;
    let rows: Vec<SpectrumRow> = summary
        .areas
        .iter()
        .filter(|a| a.kind == AreaKind::Dimension)
        .map(|a| {
            let area = current.bank.area(&a.id);
            SpectrumRow {
                name: a.name.clone(),
                traditional: area.and_then(|x| x.traditional.clone()).unwrap_or_default(),
                modern: area.and_then(|x| x.modern.clone()).unwrap_or_default(),
                value: a.mean,
                previous: a.change.map(|c| c.before),
            }
        })
        .collect();
    let spectrum = charts::spectrum(&rows, &label, prev_label.as_deref(), theme)?;
    Ok(Charts {
        radar,
        phases,
        spectrum,
    })
}
