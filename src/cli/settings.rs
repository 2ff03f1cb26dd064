//! `throughline config`: the settings `serve` would run with, read by the same parser, each with
//! where it came from; secrets show only whether they are set.

use clap::parser::ValueSource;
use clap::{ArgMatches, Command};

/// Settings outside the parser: read from the environment by the logger and the S3 client.
const ENVIRONMENT_ONLY: [(&str, bool); 6] = [
    ("RUST_LOG", false),
    ("LOG_FORMAT", false),
    ("AWS_ACCESS_KEY_ID", false),
    ("AWS_SECRET_ACCESS_KEY", true),
    ("AWS_REGION", false),
    ("AWS_ENDPOINT", false),
];

/// What an unset setting means, as the README's configuration table says.
const WHEN_UNSET: [(&str, &str); 9] = [
    ("DATABASE_URL", "its own PostgreSQL under DATA_DIR"),
    ("APP_DATABASE_URL", "throughline_app"),
    ("BASE_URL", "http://<bind>"),
    ("STATIC_DIR", "./static, else the crate's"),
    ("EVIDENCE_STORE", "<DATA_DIR>/evidence"),
    ("METRICS_TOKEN", "/metrics is off"),
    ("SMTP_URL", "MAIL_DIR, else the log"),
    ("MAIL_DIR", "the log, without SMTP_URL"),
    ("RUST_LOG", "info,sqlx=warn"),
];

fn unset(variable: &str) -> String {
    WHEN_UNSET
        .iter()
        .find(|(v, _)| *v == variable)
        .map(|(_, means)| format!("(unset: {means})"))
        .unwrap_or_else(|| "(unset)".into())
}

/// One line a setting: variable, flag, value and source, for the `config` subcommand's matches.
pub fn report(command: &Command, matches: &ArgMatches) -> Vec<String> {
    let mut lines = vec![format!(
        "{:<22} {:<22} {:<44} from",
        "variable", "flag", "value"
    )];
    for arg in command.get_arguments() {
        let id = arg.get_id().as_str();
        if id == "help" || id == "version" {
            continue;
        }
        let variable = arg
            .get_env()
            .map(|v| v.to_string_lossy().into_owned())
            .unwrap_or_default();
        let raw: Vec<String> = matches
            .get_raw(id)
            .map(|values| values.map(|v| v.to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        let value = if raw.is_empty() {
            unset(&variable)
        } else if arg.is_hide_env_values_set() {
            "(set, hidden)".to_string()
        } else {
            raw.join(" ")
        };
        let source = match matches.value_source(id) {
            Some(ValueSource::CommandLine) => "flag",
            Some(ValueSource::EnvVariable) => "environment",
            Some(ValueSource::DefaultValue) => "default",
            _ => "",
        };
        lines.push(format!(
            "{variable:<22} {:<22} {value:<44} {source}",
            format!("--{}", arg.get_long().unwrap_or(id))
        ));
    }
    for (variable, secret) in ENVIRONMENT_ONLY {
        let value = match std::env::var(variable) {
            Ok(_) if secret => "(set, hidden)".to_string(),
            Ok(value) => value,
            Err(_) => unset(variable),
        };
        let source = if value.starts_with("(unset") {
            ""
        } else {
            "environment"
        };
        lines.push(format!("{variable:<22} {:<22} {value:<44} {source}", ""));
    }
    lines
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    fn lines(args: &[&str]) -> Vec<String> {
        let command = Cli::command();
        let matches = command.clone().try_get_matches_from(args).unwrap();
        let (name, sub) = matches.subcommand().unwrap();
        report(command.find_subcommand(name).unwrap(), sub)
    }

    fn line<'a>(lines: &'a [String], variable: &str) -> &'a str {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("{variable} ")))
            .unwrap()
    }

    #[test]
    fn secrets_say_only_that_they_are_set_and_every_setting_says_where_it_came_from() {
        let lines = lines(&[
            "throughline",
            "config",
            "--database-url",
            "postgres://app:s3cret@db.example/throughline",
            "--bind",
            "0.0.0.0:9000",
        ]);
        let all = lines.join("\n");
        assert!(!all.contains("s3cret"), "{all}");
        assert!(line(&lines, "DATABASE_URL").contains("(set, hidden)"));
        assert!(line(&lines, "DATABASE_URL").ends_with("flag"));
        assert!(line(&lines, "BIND").contains("0.0.0.0:9000"));
        assert!(
            line(&lines, "DATA_DIR").contains("data")
                && line(&lines, "DATA_DIR").ends_with("default")
        );
        assert!(line(&lines, "METRICS_TOKEN").contains("(unset: /metrics is off)"));
        for variable in [
            "SMTP_URL",
            "MAIL_FROM",
            "EVIDENCE_STORE",
            "MAX_UPLOAD_MB",
            "RUST_LOG",
        ] {
            line(&lines, variable);
        }
    }
}
