//! `kheo init DIR`: a new site that builds as it is: a commented
//! `site.yaml`, the content folders, one example model, one award that
//! names it, and a `pages/gioi-thieu.md`.
//!
//! DIR must be new or empty: kheo never writes into a folder that already
//! holds something (a usage error, exit 2).

use std::path::{Path, PathBuf};

use super::{Outcome, Ui};
use crate::l10n::Msg;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create the site in (new or empty).
    pub dir: PathBuf,
}

/// The files of a new site: (path in the site, text).
pub const FILES: &[(&str, &str)] = &[
    ("site.yaml", include_str!("scaffold/site.yaml")),
    (
        "content/models/ha-noi/ly-thai-to-chung-suc-phong-dich.md",
        include_str!("scaffold/model.md"),
    ),
    (
        "content/awards/ly-thai-to-cong-nhan-2022.md",
        include_str!("scaffold/award.md"),
    ),
    (
        "content/pages/gioi-thieu.md",
        include_str!("scaffold/gioi-thieu.md"),
    ),
    (".gitignore", include_str!("scaffold/gitignore")),
];

/// Empty folders a site has, ready to be filled.
const FOLDERS: &[&str] = &["static", "templates"];

fn refuse_non_empty(dir: &Path) -> Result<(), Outcome> {
    if dir.is_file() {
        return Err(Outcome::Usage(Msg::new("init-is-file").path("dir", dir)));
    }
    let non_empty = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty {
        return Err(Outcome::Usage(Msg::new("init-not-empty").path("dir", dir)));
    }
    Ok(())
}

/// Creates the site; on an I/O error, says which path failed.
pub fn create(dir: &Path) -> Result<(), Outcome> {
    refuse_non_empty(dir)?;
    let fail = |p: &Path, e: std::io::Error| {
        Outcome::Refused(
            Msg::new("init-write-failed")
                .path("path", p)
                .arg("detail", e.to_string()),
        )
    };
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| fail(&path, e))?;
    }
    for rel in FOLDERS {
        let path = dir.join(rel);
        std::fs::create_dir_all(&path).map_err(|e| fail(&path, e))?;
    }
    Ok(())
}

pub fn run(args: Args, ui: &Ui) -> Outcome {
    if let Err(o) = create(&args.dir) {
        return o;
    }
    ui.info(Msg::new("init-done").path("dir", &args.dir));
    Outcome::Success
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::diag::Diagnostics;

    /// site.yaml as `kheo init` writes it, with every option uncommented.
    fn uncommented() -> String {
        let yaml = FILES[0].1;
        yaml.lines()
            .filter_map(|l| {
                let rest = l.strip_prefix("# ")?;
                let top = rest.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && rest.contains(": ")
                    || rest.starts_with("fields:");
                let item = rest.starts_with("  - {key:");
                (top || item).then(|| rest.to_string())
            })
            .chain(
                yaml.lines()
                    .filter(|l| l.starts_with("title:") || l.starts_with("language:"))
                    .map(String::from),
            )
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn every_commented_option_is_valid() {
        let dir = std::env::temp_dir().join(format!("kheo-init-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("site.yaml"), uncommented()).expect("write");
        let mut diags = Diagnostics::new();
        let cfg = SiteConfig::load(&dir, &mut diags);
        let _ = std::fs::remove_dir_all(&dir);
        let en = crate::l10n::Messages::new(crate::l10n::Lang::En);
        assert!(diags.is_empty(), "{}", diags.report(&dir, &en));
        assert_eq!(cfg.fields.len(), 4);
    }

    #[test]
    fn site_yaml_documents_every_option() {
        // An unknown key's message lists every key site.yaml takes.
        let dir = std::env::temp_dir().join(format!("kheo-init-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("site.yaml"), "khong_co_khoa_nay: 1\n").expect("write");
        let mut diags = Diagnostics::new();
        SiteConfig::load(&dir, &mut diags);
        let _ = std::fs::remove_dir_all(&dir);
        let sorted = diags.sorted();
        let d = sorted.first().expect("an unknown key");
        assert_eq!(d.kind(), "key-unknown");
        let expected = d.msg.text("known").expect("the keys");
        let documented = uncommented();
        for key in expected.split(", ") {
            assert!(
                documented
                    .lines()
                    .any(|l| l.starts_with(&format!("{key}:"))),
                "site.yaml of kheo init does not document `{key}`"
            );
        }
    }
}
