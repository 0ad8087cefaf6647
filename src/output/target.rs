//! Where the output may go: the path as the file system will follow it,
//! and the refusal of any spelling of it that reaches the site.

use std::path::{Path, PathBuf};

use super::MARKER;
use crate::diag::Diagnostic;

/// `p` as the file system will follow it: every part that exists
/// resolved through symbolic links, `..` after a part that does not yet
/// exist taken as written (`foo/../content/out` with no `foo` is
/// `content/out`: making the folders would create `foo` and go up again).
pub fn resolve(p: &Path) -> PathBuf {
    use std::path::Component;
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut cur = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => cur.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                cur.pop();
            }
            Component::Normal(name) => {
                cur.push(name);
                if let Ok(real) = cur.canonicalize() {
                    cur = real;
                }
            }
        }
    }
    cur
}

/// Checks that `out` may be replaced by a build of the site in `site`.
/// Both are [`resolve`]d first, so no spelling of a path (`..`, a link)
/// reaches the site, its parents, or its `content/`, `static/`,
/// `templates/`, `themes/` or `.kheo/`. `wipe` allows replacing a
/// non-empty folder kheo did not make.
pub fn check_target(site: &Path, out: &Path, wipe: bool) -> Result<(), Diagnostic> {
    let site_abs = resolve(site);
    let out_abs = resolve(out);
    if site_abs.starts_with(&out_abs) {
        return Err(Diagnostic::error(out, "output-is-site"));
    }
    for keep in ["content", "static", "templates", "themes", ".kheo"] {
        if out_abs.starts_with(site_abs.join(keep)) {
            return Err(Diagnostic::error(out, "output-inside-site").arg("value", keep));
        }
    }
    if out.is_file() {
        return Err(Diagnostic::error(out, "output-is-file"));
    }
    if out.is_dir() && !out.join(MARKER).is_file() && !wipe {
        let empty = std::fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Diagnostic::error(out, "output-not-kheos"));
        }
    }
    Ok(())
}
