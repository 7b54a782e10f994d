// The app's commands, by name: build.rs declares them (so Tauri refuses any
// a window's capability does not grant) and the crate checks them against
// the invoke handler and the capability files (see `lib.rs` tests). Kept
// free of `//!` docs and `use`s, because build.rs `include!`s this file.

/// Every command the invoke handler registers.
pub const COMMANDS: &[&str] = &[
    "app_status",
    "database",
    "backup_now",
    "restore_backup",
    "list_teams",
    "create_team",
    "start_assessment",
    "list_banks",
    "import_bank",
    "create_demo",
    "start_workshop",
    "workshop",
    "presented",
    "cast_vote",
    "tick_workshop_check",
    "uncast_vote",
    "reveal_votes",
    "revote",
    "agree",
    "skip_question",
    "goto_question",
    "set_facilitator_note",
    "add_participant",
    "rename_participant",
    "remove_participant",
    "add_action",
    "workshop_summary",
    "set_headcount",
    "open_presenter",
    "workshop_clock",
    "team_page",
    "compare_assessments",
    "set_target",
    "set_targets",
    "add_team_action",
    "update_action",
    "delete_assessment",
    "delete_team",
    "open_actions",
    "portfolio",
    "export_report",
    "export_portfolio",
    "export_team",
    "import_team",
    "questionnaire",
    "save_answer",
    "tick_check",
    "save_checklist",
    "clear_answer",
    "finish_assessment",
    "results",
];

/// What the presenter window (the presented view of a workshop) may call:
/// reads only.
pub const PRESENTER_COMMANDS: &[&str] = &["app_status", "presented"];
