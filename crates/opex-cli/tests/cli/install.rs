//! What an installed `opex` offers beside its commands: `--version` with the
//! bank and the data's whereabouts, shell completions, and the man pages the
//! packages install; and `opex` with no command.

use crate::{bank_copy, opex, text};

#[test]
fn version_names_the_bank_the_database_and_its_backups_without_creating_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.sqlite3");
    for flag in ["--version", "-V"] {
        let o = opex(&["--db", db.to_str().unwrap(), flag]);
        let (out, err) = text(&o);
        assert!(o.status.success(), "{err}");
        let bank = opex_core::default_bank().unwrap();
        assert_eq!(
            out,
            format!(
                "opex {}\nquestion bank: opex {}\ndatabase: {}\nbackups: {}\n",
                env!("CARGO_PKG_VERSION"),
                bank.version,
                db.display(),
                dir.path().join("team-backups").display()
            )
        );
    }
    assert!(!db.exists(), "--version created the database");

    // --bank names another bank; its version is the one shown.
    let copy = bank_copy();
    let head = copy.path().join("bank.toml");
    let toml = std::fs::read_to_string(&head).unwrap();
    let version = opex_core::default_bank().unwrap().version;
    std::fs::write(
        &head,
        toml.replacen(
            &format!("version = \"{version}\""),
            "version = \"9.8.7\"",
            1,
        ),
    )
    .unwrap();
    let o = opex(&[
        "--db",
        db.to_str().unwrap(),
        "--bank",
        copy.path().to_str().unwrap(),
        "--version",
    ]);
    assert!(
        text(&o).0.contains("\nquestion bank: opex 9.8.7\n"),
        "{:?}",
        text(&o)
    );
}

#[test]
fn no_command_is_a_usage_error_that_shows_the_help() {
    let o = opex(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("Usage: opex"), "{:?}", text(&o));

    let o = opex(&["--db", "/nonexistent/x.sqlite3"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("a command is needed"), "{err}");
}

#[test]
fn completions_cover_every_subcommand_for_bash_zsh_and_fish() {
    for (shell, marker) in [
        ("bash", "complete -F _opex"),
        ("zsh", "#compdef opex"),
        ("fish", "complete -c opex"),
    ] {
        let o = opex(&["completions", shell]);
        let (out, err) = text(&o);
        assert!(o.status.success(), "{shell}: {err}");
        assert!(out.contains(marker), "{shell}: {out}");
        for sub in ["portfolio", "import", "db", "history", "man-pages"] {
            assert!(out.contains(sub), "{shell} lacks {sub}");
        }
    }
    assert_eq!(opex(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn man_pages_are_written_for_opex_and_each_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let o = opex(&["man-pages", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o).1);
    let main = std::fs::read_to_string(out.join("opex.1")).unwrap();
    assert!(
        main.starts_with(".ie"),
        "not roff: {}",
        &main[..40.min(main.len())]
    );
    assert!(
        main.contains("opex\\-portfolio(1)"),
        "no subcommand list: {main}"
    );
    assert!(
        main.contains("peer of the opex desktop app"),
        "no description: {main}"
    );
    for page in [
        "opex-report.1",
        "opex-db.1",
        "opex-db-restore.1",
        "opex-completions.1",
    ] {
        assert!(out.join(page).is_file(), "{page} is missing");
    }
    assert!(out.join("opex-man-pages.1").is_file());

    // A folder that cannot be made is named in the error.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let o = opex(&["man-pages", "--out", file.join("man1").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("a-file"), "{:?}", text(&o));
}
