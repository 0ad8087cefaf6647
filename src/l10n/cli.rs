//! The command line's help in the reader's language: clap's command tree
//! (made from the `Args` structs in `cli/`) with every about line, every
//! argument's help and every heading replaced by its message, and kheo's
//! own `--help` / `--version` flags so their lines are translated too.
//!
//! Message ids follow the tree: `cli-about` for kheo itself,
//! `cli-<command>` for a command (`cli-new-model`), `cli-<command>-<arg>`
//! for an argument (`cli-build-base_url`; `cli--quiet` for a global one).
//! A test walks the tree and fails on any line without a message.

use clap::builder::Resettable;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use super::{Messages, Msg};

/// The message id of a command's about line (`path`: the names from the
/// root, `[]` for kheo itself).
pub fn about_id(path: &[&str]) -> String {
    if path.is_empty() {
        "cli-about".to_string()
    } else {
        format!("cli-{}", path.join("-"))
    }
}

/// The message id of argument `arg` of the command at `path`.
pub fn arg_id(path: &[&str], arg: &str) -> String {
    format!("cli-{}-{arg}", path.join("-"))
}

/// The arguments a reader sees: not hidden, not clap's own.
pub fn shown_args(cmd: &Command) -> Vec<String> {
    cmd.get_arguments()
        .filter(|a| !a.is_hide_set() && !matches!(a.get_id().as_str(), "help" | "version"))
        .map(|a| a.get_id().to_string())
        .collect()
}

/// `cmd` (kheo's command tree) speaking `m`'s language.
pub fn localize(cmd: Command, m: &Messages) -> Command {
    let cmd = walk(cmd, m, &[]);
    let version = Arg::new("version")
        .short('V')
        .long("version")
        .action(ArgAction::Version)
        .help(m.get("cli-version"))
        .help_heading(m.get("cli-options"));
    let mut cmd = cmd.disable_version_flag(true).arg(version);
    cmd.build();
    usage_words(cmd, m)
}

/// clap writes the word `[OPTIONS]` into usage lines itself: each
/// command's usage line, rendered once, with the word in `m`'s language.
fn usage_words(mut cmd: Command, m: &Messages) -> Command {
    let rendered = cmd.render_usage().to_string();
    let line = rendered.strip_prefix("Usage: ").unwrap_or(&rendered);
    let word = format!("[{}]", m.get("cli-options-word"));
    cmd = cmd.override_usage(line.replace("[OPTIONS]", &word));
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name.as_str(), |s| usage_words(s, m));
    }
    cmd
}

fn walk(mut cmd: Command, m: &Messages, path: &[&str]) -> Command {
    if let Some(t) = m.dynamic(&about_id(path)) {
        cmd = cmd.about(t).long_about(Resettable::Reset);
    }
    let (args_heading, options_heading) = (m.get("cli-arguments"), m.get("cli-options"));
    for id in shown_args(&cmd) {
        let text = m.dynamic(&arg_id(path, &id));
        let heading = if cmd
            .get_arguments()
            .any(|a| a.get_id() == id.as_str() && a.is_positional())
        {
            args_heading.clone()
        } else {
            options_heading.clone()
        };
        let value = m.dynamic(&format!("cli-value-{id}"));
        cmd = cmd.mut_arg(id.as_str(), |a| {
            // clap would add "[default: …]" in English: each message
            // says its default itself.
            let a = a.help_heading(heading);
            // The placeholder (`<DIR>`), in the reader's language.
            let a = match value {
                Some(v) if a.get_action().takes_values() => a.value_name(v),
                _ => a,
            };
            let a = if a.get_action().takes_values() {
                a.hide_default_value(true)
            } else {
                a
            };
            match text {
                Some(t) => a.help(t).long_help(Resettable::Reset),
                None => a,
            }
        });
    }
    let help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help(m.get("cli-help"))
        .help_heading(options_heading);
    cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(help)
        .subcommand_help_heading(m.get("cli-commands"))
        .subcommand_value_name(m.get("cli-command"))
        .help_template(format!(
            "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            m.get("cli-usage")
        ));
    if path.is_empty() {
        cmd = cmd.after_help(m.get("cli-after-help"));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let mut sub_path: Vec<&str> = path.to_vec();
        sub_path.push(&name);
        cmd = cmd.mut_subcommand(name.as_str(), |s| walk(s, m, &sub_path));
    }
    cmd
}

/// A mistake on the command line, said in `m`'s language: what was wrong,
/// clap's suggestion if it has one, and where the help is. Help and
/// version requests are not mistakes: `None`, clap prints them.
pub fn error(e: &clap::Error, m: &Messages) -> Option<String> {
    let context = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let what = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::UnknownArgument => {
            Msg::new("cli-error-unknown-argument").arg("arg", context(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => Msg::new("cli-error-unknown-command")
            .arg("command", context(ContextKind::InvalidSubcommand)),
        ErrorKind::MissingRequiredArgument => {
            Msg::new("cli-error-missing").arg("arg", context(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => Msg::new("cli-error-value")
            .arg("arg", context(ContextKind::InvalidArg))
            .arg("value", context(ContextKind::InvalidValue)),
        ErrorKind::NoEquals | ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            Msg::new("cli-error-values").arg("arg", context(ContextKind::InvalidArg))
        }
        ErrorKind::ArgumentConflict => Msg::new("cli-error-conflict")
            .arg("arg", context(ContextKind::InvalidArg))
            .arg("other", context(ContextKind::PriorArg)),
        _ => Msg::new("cli-error-other"),
    };
    let mut out = format!("{}: {}", m.get("label-error"), m.text(&what));
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .map(context)
        .find(|s| !s.is_empty());
    if let Some(s) = suggested {
        out.push_str(&format!(
            "\n  {}: {}",
            m.get("label-help"),
            m.text(&Msg::new("cli-error-did-you-mean").arg("suggestion", s))
        ));
    }
    let usage = context(ContextKind::Usage);
    let command = usage
        .split_whitespace()
        .skip_while(|w| *w != "kheo")
        .take_while(|w| !w.starts_with(['[', '<', '-']))
        .collect::<Vec<_>>()
        .join(" ");
    let command = if command.is_empty() {
        "kheo".to_string()
    } else {
        command
    };
    out.push_str(&format!(
        "\n  {}",
        m.text(&Msg::new("cli-error-see-help").arg("command", command))
    ));
    Some(out)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::l10n::Lang;

    fn missing(cmd: &Command, m: &Messages, path: &mut Vec<String>, out: &mut Vec<String>) {
        let p: Vec<&str> = path.iter().map(String::as_str).collect();
        if !m.has(&about_id(&p)) {
            out.push(about_id(&p));
        }
        for id in shown_args(cmd) {
            if !m.has(&arg_id(&p, &id)) {
                out.push(arg_id(&p, &id));
            }
        }
        for s in cmd.get_subcommands() {
            path.push(s.get_name().to_string());
            missing(s, m, path, out);
            path.pop();
        }
    }

    #[test]
    fn every_line_of_the_help_has_a_message_in_both_languages() {
        for lang in [Lang::Vi, Lang::En] {
            let m = Messages::new(lang);
            let mut out = Vec::new();
            missing(&crate::cli::Cli::command(), &m, &mut Vec::new(), &mut out);
            assert!(out.is_empty(), "{lang:?}: no message for {out:?}");
        }
    }

    #[test]
    fn the_vietnamese_help_is_vietnamese() {
        let m = Messages::new(Lang::Vi);
        let mut cmd = localize(crate::cli::Cli::command(), &m);
        let help = cmd.render_help().to_string();
        assert!(help.contains("Cách dùng:"), "{help}");
        assert!(help.contains("Lệnh:"), "{help}");
        assert!(!help.contains("Print help"), "{help}");
        let build = cmd
            .find_subcommand_mut("build")
            .expect("build")
            .render_help()
            .to_string();
        assert!(build.contains("Thư mục của trang"), "{build}");
        assert!(!build.contains("Options:"), "{build}");
    }
}
