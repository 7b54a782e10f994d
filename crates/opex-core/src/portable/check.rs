//! Checking an opex file before anything of it is written: its head
//! (format, version), every reference, bank hash, value and limit, each
//! problem with its JSON path.

use super::*;
use std::fmt;

/// One problem with a file: where (a JSON path, `$.assessments[2].votes[5]
/// .participant`) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileIssue {
    pub path: String,
    pub message: String,
}

impl fmt::Display for FileIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A file that passed [`check`]: with its banks read and their hashes proven.
#[derive(Debug)]
pub struct CheckedFile<'a> {
    pub file: &'a TeamFile,
    /// Every bank of the file, by hash.
    pub banks: BTreeMap<String, Bank>,
}

/// Whether `s` is a UUID written the usual way (8-4-4-4-12 hex digits).
pub fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The top of a file: its `format` and `version`, read before anything else
/// so that a file of another kind or from a newer opex is named as such.
pub fn check_head(value: &serde_json::Value) -> Result<(), FileIssue> {
    let issue = |path: &str, message: String| FileIssue {
        path: path.into(),
        message,
    };
    let Some(obj) = value.as_object() else {
        return Err(issue("$", "an opex file is a JSON object".into()));
    };
    match obj.get("format") {
        Some(serde_json::Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(issue(
                "$.format",
                format!("is {other}, not \"{FORMAT}\": this is not an opex team file"),
            ));
        }
        None => {
            return Err(issue(
                "$.format",
                format!("is missing: an opex team file says \"format\": \"{FORMAT}\""),
            ));
        }
    }
    match obj.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v >= 1 && v <= u64::from(VERSION) => Ok(()),
        Some(v) if v > u64::from(VERSION) => Err(issue(
            "$.version",
            format!(
                "is {v}: the file was written by a newer opex; this opex reads version {VERSION}. Update opex to import it"
            ),
        )),
        _ => Err(issue(
            "$.version",
            format!(
                "must be a whole number from 1 to {VERSION}, not {}",
                obj.get("version")
                    .map_or("nothing".into(), ToString::to_string)
            ),
        )),
    }
}

/// Every problem of a parsed file, each with its JSON path: dates that are
/// not dates, identities that are not UUIDs or repeat, references to nothing
/// (a vote's participant, an answer's question, an action's assessment), a
/// bank whose hash does not match its content, answers that cannot be.
pub fn check(file: &TeamFile) -> Result<CheckedFile<'_>, Vec<FileIssue>> {
    let mut c = Checker::default();
    c.head(file);
    let banks = c.banks(file);
    let uuids: HashSet<String> = file
        .assessments
        .iter()
        .map(|a| a.uuid.to_ascii_lowercase())
        .collect();
    let mut seen = HashSet::new();
    for (i, a) in file.assessments.iter().enumerate() {
        let at = format!("$.assessments[{i}]");
        c.uuid(&format!("{at}.uuid"), &a.uuid, &mut seen);
        c.assessment(&at, a, &banks);
    }
    for (i, t) in file.targets.iter().enumerate() {
        let at = format!("$.targets[{i}]");
        c.time(&format!("{at}.set_at"), &t.set_at);
        c.day(&format!("{at}.target_date"), t.target_date.as_deref());
        if !(1.0..=5.0).contains(&t.level) {
            c.add(
                format!("{at}.level"),
                format!("a target is a level from 1 to 5, not {}", t.level),
            );
        }
    }
    let mut seen = HashSet::new();
    for (i, action) in file.actions.iter().enumerate() {
        let at = format!("$.actions[{i}]");
        c.action(&at, action, &uuids, &mut seen);
    }
    if c.issues.is_empty() {
        Ok(CheckedFile { file, banks })
    } else {
        Err(c.issues)
    }
}

#[derive(Default)]
struct Checker {
    issues: Vec<FileIssue>,
}

impl Checker {
    fn add(&mut self, path: String, message: impl Into<String>) {
        self.issues.push(FileIssue {
            path,
            message: message.into(),
        });
    }

    fn time(&mut self, path: &str, s: &str) {
        if chrono::DateTime::parse_from_rfc3339(s).is_err() {
            self.add(
                path.into(),
                format!("\"{s}\" is not a time (RFC 3339, e.g. 2026-03-01T09:30:00.000Z)"),
            );
        }
    }

    fn maybe_time(&mut self, path: &str, s: Option<&str>) {
        if let Some(s) = s {
            self.time(path, s);
        }
    }

    fn day(&mut self, path: &str, s: Option<&str>) {
        if let Some(s) = s
            && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_err()
        {
            self.add(path.into(), format!("\"{s}\" is not a date (YYYY-MM-DD)"));
        }
    }

    fn uuid(&mut self, path: &str, s: &str, seen: &mut HashSet<String>) {
        if !is_uuid(s) {
            self.add(path.into(), format!("\"{s}\" is not a UUID"));
        } else if !seen.insert(s.to_ascii_lowercase()) {
            self.add(path.into(), format!("{s} appears twice in the file"));
        }
    }

    fn name(&mut self, path: &str, s: &str, max: usize, what: &str) {
        let n = s.trim().chars().count();
        if n == 0 {
            self.add(path.into(), format!("{what} is empty"));
        } else if n > max {
            self.add(
                path.into(),
                format!("{what} is {n} characters; at most {max} are kept"),
            );
        }
    }

    fn head(&mut self, file: &TeamFile) {
        if file.format != FORMAT {
            self.add(
                "$.format".into(),
                format!("is \"{}\", not \"{FORMAT}\"", file.format),
            );
        }
        if file.version == 0 || file.version > VERSION {
            self.add(
                "$.version".into(),
                format!("is {}; this opex reads version {VERSION}", file.version),
            );
        }
        self.time("$.exported_at", &file.exported_at);
        let t = &file.team;
        self.uuid("$.team.uuid", &t.uuid, &mut HashSet::new());
        self.name("$.team.name", &t.name, TEAM_NAME_MAX, "the team's name");
        self.time("$.team.created_at", &t.created_at);
    }

    fn banks(&mut self, file: &TeamFile) -> BTreeMap<String, Bank> {
        let mut banks = BTreeMap::new();
        for (i, b) in file.banks.iter().enumerate() {
            let at = format!("$.banks[{i}]");
            let bank: Bank = match serde_json::from_value(b.content.clone()) {
                Ok(bank) => bank,
                Err(e) => {
                    self.add(format!("{at}.content"), format!("is not a bank: {e}"));
                    continue;
                }
            };
            let hash = bank.content_hash();
            if hash != b.hash {
                self.add(
                    format!("{at}.hash"),
                    format!(
                        "does not match the bank's content (bank {} {}): the content hashes to {hash}; the file was changed after it was exported",
                        bank.id, bank.version
                    ),
                );
                continue;
            }
            if banks.insert(hash, bank).is_some() {
                self.add(format!("{at}.hash"), "this bank appears twice in the file");
            }
        }
        banks
    }

    fn answer(&mut self, at: &str, kind: AnswerKind, level: Option<u8>, reason: Option<&str>) {
        match (kind, level) {
            (AnswerKind::Level, Some(1..=5)) => {}
            (AnswerKind::Level, l) => self.add(
                format!("{at}.level"),
                format!(
                    "a level answer needs a level from 1 to 5, not {}",
                    l.map_or("null".into(), |l| l.to_string())
                ),
            ),
            (_, Some(l)) => self.add(
                format!("{at}.level"),
                format!("is {l}, but the answer is {}: it has no level", word(&kind)),
            ),
            (_, None) => {}
        }
        if kind == AnswerKind::NotApplicable && reason.is_none_or(|r| r.trim().is_empty()) {
            self.add(
                format!("{at}.reason"),
                "a not-applicable answer needs its reason",
            );
        }
    }

    fn question(&mut self, path: String, id: &str, bank: Option<&Bank>) {
        if let Some(bank) = bank
            && bank.question(id).is_none()
        {
            self.add(
                path,
                format!(
                    "question \"{id}\" is not in this assessment's bank snapshot ({} {})",
                    bank.id, bank.version
                ),
            );
        }
    }

    fn assessment(&mut self, at: &str, a: &AssessmentRecord, banks: &BTreeMap<String, Bank>) {
        self.time(&format!("{at}.started_at"), &a.started_at);
        self.maybe_time(&format!("{at}.completed_at"), a.completed_at.as_deref());
        let bank = banks.get(&a.bank_hash);
        if bank.is_none() {
            self.add(
                format!("{at}.bank_hash"),
                format!("names bank {}, which is not among $.banks", a.bank_hash),
            );
        }
        if let Some(bank) = bank {
            if a.profile != "full" && !bank.profiles.iter().any(|p| p.id == a.profile) {
                self.add(
                    format!("{at}.profile"),
                    format!(
                        "bank {} {} has no profile \"{}\"",
                        bank.id, bank.version, a.profile
                    ),
                );
            }
            for (i, area) in a.areas.iter().flatten().enumerate() {
                if bank.area(area).is_none() {
                    self.add(
                        format!("{at}.areas[{i}]"),
                        format!("bank {} {} has no area \"{area}\"", bank.id, bank.version),
                    );
                }
            }
        }
        let anonymous = a
            .workshop
            .as_ref()
            .is_some_and(|w| w.anonymity == AnonymityWord::Anonymous);
        match (a.kind, &a.workshop) {
            (AssessmentKind::Workshop, None) => {
                self.add(format!("{at}.workshop"), "a workshop needs its settings")
            }
            (AssessmentKind::SelfAssessment, Some(_)) => self.add(
                format!("{at}.workshop"),
                "a self-assessment has no workshop settings",
            ),
            _ => {}
        }
        if let Some(w) = &a.workshop {
            let wat = format!("{at}.workshop");
            if w.timer_seconds == 0 {
                self.add(format!("{wat}.timer_seconds"), "must be at least 1");
            }
            if w.headcount.is_some_and(|h| h == 0 || h > 500) {
                self.add(format!("{wat}.headcount"), "must be from 1 to 500");
            }
            self.maybe_time(&format!("{wat}.current_since"), w.current_since.as_deref());
            let mut ids = HashSet::new();
            for (i, q) in w.questions.iter().enumerate() {
                let qat = format!("{wat}.questions[{i}]");
                self.question(format!("{qat}.question_id"), &q.question_id, bank);
                if !ids.insert(q.question_id.as_str()) {
                    self.add(format!("{qat}.question_id"), "appears twice");
                }
                if q.round == 0 {
                    self.add(format!("{qat}.round"), "rounds count from 1");
                }
                self.time(&format!("{qat}.updated_at"), &q.updated_at);
            }
        }
        if anonymous && !(a.participants.is_empty() && a.votes.is_empty()) {
            self.add(
                format!("{at}.participants"),
                "an anonymous workshop keeps no participants and no one's votes, only tallies",
            );
        }
        let mut keys = HashMap::new();
        let mut names = HashSet::new();
        for (i, p) in a.participants.iter().enumerate() {
            let pat = format!("{at}.participants[{i}]");
            if keys.insert(p.key, i).is_some() {
                self.add(format!("{pat}.key"), format!("key {} appears twice", p.key));
            }
            self.name(&format!("{pat}.name"), &p.name, PERSON_NAME_MAX, "the name");
            if !names.insert(p.name.trim()) {
                self.add(
                    format!("{pat}.name"),
                    format!("two participants are called \"{}\"", p.name.trim()),
                );
            }
            self.time(&format!("{pat}.created_at"), &p.created_at);
            self.maybe_time(&format!("{pat}.removed_at"), p.removed_at.as_deref());
        }
        let mut votes = HashSet::new();
        for (i, v) in a.votes.iter().enumerate() {
            let vat = format!("{at}.votes[{i}]");
            if !keys.contains_key(&v.participant) {
                self.add(
                    format!("{vat}.participant"),
                    format!(
                        "names participant {}, who is not among this assessment's participants",
                        v.participant
                    ),
                );
            }
            self.question(format!("{vat}.question_id"), &v.question_id, bank);
            self.answer(&vat, v.kind, v.level, v.reason.as_deref());
            if v.round == 0 {
                self.add(format!("{vat}.round"), "rounds count from 1");
            }
            if !votes.insert((v.participant, v.question_id.as_str(), v.round)) {
                self.add(
                    vat.clone(),
                    "a second vote of the same participant on the same question and round",
                );
            }
            self.time(&format!("{vat}.updated_at"), &v.updated_at);
        }
        let mut tallies = HashSet::new();
        for (i, t) in a.tallies.iter().enumerate() {
            let tat = format!("{at}.tallies[{i}]");
            self.question(format!("{tat}.question_id"), &t.question_id, bank);
            let ok = match t.kind {
                AnswerKind::Level => (1..=5).contains(&t.level),
                _ => t.level == 0,
            };
            if !ok {
                self.add(
                    format!("{tat}.level"),
                    "a tally of levels has a level from 1 to 5, any other tally level 0",
                );
            }
            if t.round == 0 {
                self.add(format!("{tat}.round"), "rounds count from 1");
            }
            if !tallies.insert((t.question_id.as_str(), t.round, t.kind, t.level)) {
                self.add(tat, "the same count appears twice");
            }
        }
        let mut answered = HashSet::new();
        for (i, x) in a.answers.iter().enumerate() {
            let xat = format!("{at}.answers[{i}]");
            self.question(format!("{xat}.question_id"), &x.question_id, bank);
            if !answered.insert(x.question_id.as_str()) {
                self.add(
                    format!("{xat}.question_id"),
                    format!("question \"{}\" is answered twice", x.question_id),
                );
            }
            self.answer(&xat, x.kind, x.level, x.reason.as_deref());
            self.time(&format!("{xat}.updated_at"), &x.updated_at);
        }
        let mut listed = BTreeSet::new();
        for (i, x) in a.checklist_answers.iter().enumerate() {
            let xat = format!("{at}.checklist_answers[{i}]");
            self.time(&format!("{xat}.updated_at"), &x.updated_at);
            if !listed.insert(x.question_id.as_str()) {
                self.add(
                    format!("{xat}.question_id"),
                    format!("question \"{}\" is answered twice", x.question_id),
                );
            }
            let Some(bank) = bank else { continue };
            match bank
                .question(&x.question_id)
                .and_then(|q| q.checklist.as_ref())
            {
                None => self.add(
                    format!("{xat}.question_id"),
                    format!(
                        "\"{}\" is not a checklist question of its bank",
                        x.question_id
                    ),
                ),
                Some(c) => {
                    for (j, id) in x.choices.iter().enumerate() {
                        if !c.choices.iter().any(|ch| &ch.id == id) {
                            self.add(
                                format!("{xat}.choices[{j}]"),
                                format!("question \"{}\" has no choice \"{id}\"", x.question_id),
                            );
                        }
                    }
                }
            }
        }
        let mut ticks = BTreeSet::new();
        for (i, t) in a.ticked_checks.iter().enumerate() {
            let tat = format!("{at}.ticked_checks[{i}]");
            self.time(&format!("{tat}.ticked_at"), &t.ticked_at);
            if !ticks.insert((t.question_id.as_str(), t.level, t.index)) {
                self.add(tat.clone(), "the same check is ticked twice");
            }
            let Some(bank) = bank else { continue };
            match bank.question(&t.question_id) {
                None => self.question(format!("{tat}.question_id"), &t.question_id, Some(bank)),
                Some(q) if !crate::evidence::check_exists(q, (t.level, t.index)) => self.add(
                    tat,
                    format!(
                        "question \"{}\" has no check {} at level {} in bank {} {}",
                        t.question_id,
                        u16::from(t.index) + 1,
                        t.level,
                        bank.id,
                        bank.version
                    ),
                ),
                Some(_) => {}
            }
        }
    }

    fn action(
        &mut self,
        at: &str,
        a: &ActionRecord,
        assessments: &HashSet<String>,
        seen: &mut HashSet<String>,
    ) {
        self.uuid(&format!("{at}.uuid"), &a.uuid, seen);
        let known = |u: &str| assessments.contains(&u.to_ascii_lowercase());
        if let Some(u) = &a.assessment
            && !known(u)
        {
            self.add(
                format!("{at}.assessment"),
                format!("names assessment {u}, which is not among $.assessments"),
            );
        }
        self.name(
            &format!("{at}.title"),
            &a.title,
            TITLE_MAX_CHARS,
            "the title",
        );
        if let Some(link) = &a.link
            && link.chars().count() > LINK_MAX_CHARS
        {
            self.add(
                format!("{at}.link"),
                format!("a link is at most {LINK_MAX_CHARS} characters"),
            );
        }
        self.day(&format!("{at}.due_date"), a.due_date.as_deref());
        self.time(&format!("{at}.created_at"), &a.created_at);
        self.time(&format!("{at}.updated_at"), &a.updated_at);
        self.maybe_time(&format!("{at}.done_at"), a.done_at.as_deref());
        let mut reviewed = HashSet::new();
        for (i, r) in a.reviews.iter().enumerate() {
            let rat = format!("{at}.reviews[{i}]");
            if !known(&r.assessment) {
                self.add(
                    format!("{rat}.assessment"),
                    format!(
                        "names assessment {}, which is not among $.assessments",
                        r.assessment
                    ),
                );
            }
            if !reviewed.insert(r.assessment.to_ascii_lowercase()) {
                self.add(rat.clone(), "reviewed twice in the same assessment");
            }
            self.time(&format!("{rat}.reviewed_at"), &r.reviewed_at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_recognised() {
        for (s, ok) in [
            ("0f8e2a6c-1b2d-4c3e-8f40-123456789abc", true),
            ("0F8E2A6C-1B2D-4C3E-8F40-123456789ABC", true),
            ("0f8e2a6c1b2d4c3e8f40123456789abc", false),
            ("0f8e2a6c-1b2d-4c3e-8f40-123456789ab", false),
            ("0f8e2a6c-1b2d-4c3e-8f40-123456789abg", false),
            ("", false),
        ] {
            assert_eq!(is_uuid(s), ok, "{s}");
        }
    }

    #[test]
    fn words_are_the_databases() {
        assert_eq!(word(&AnswerKind::NotApplicable), "not_applicable");
        assert_eq!(word(&AssessmentKind::SelfAssessment), "self");
        assert_eq!(word(&ActionStatusWord::InProgress), "in_progress");
        assert_eq!(
            from_word::<AssessmentKind>("workshop"),
            Some(AssessmentKind::Workshop)
        );
        assert_eq!(from_word::<OutcomeWord>("maybe"), None);
    }

    #[test]
    fn the_head_names_a_wrong_format_and_a_newer_version() {
        let check = |v: serde_json::Value| check_head(&v).err().map(|e| e.to_string());
        assert_eq!(
            check(serde_json::json!({"format": "opex-team", "version": 1})),
            None
        );
        let e = check(serde_json::json!({"format": "lens", "version": 1})).unwrap_or_default();
        assert!(e.starts_with("$.format: is \"lens\""), "{e}");
        let e = check(serde_json::json!({"format": "opex-team", "version": 2})).unwrap_or_default();
        assert!(
            e.starts_with("$.version: is 2") && e.contains("newer opex"),
            "{e}"
        );
        let e = check(serde_json::json!([1])).unwrap_or_default();
        assert!(e.starts_with("$: "), "{e}");
    }

    #[test]
    fn the_committed_schema_is_the_generated_one() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/schema/opex-team-v1.schema.json"
        );
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == json_schema(),
            "{path} is out of date: run `cargo run -p opex-cli -- export-schema > crates/opex-core/schema/{SCHEMA_FILE}`"
        );
    }
}
