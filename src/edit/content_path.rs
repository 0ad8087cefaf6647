//! Where a write from the browser may land: a path inside the site's
//! `content/` folder, named relative to it, reached without a symbolic
//! link. The editor's requests name files (`models/ha-noi/x.md`); this is
//! the one place that turns such a name into a path on disk (the writes
//! of [`super::write`] go through it), so nothing an editor's browser
//! sends can read or write outside `content/`.
//!
//! Refused: an empty name, an absolute one (`/etc/passwd`, `C:\…`,
//! `\\server\…`), any `..`, a backslash (a separator on Windows, a name
//! character elsewhere: refused on every system alike), NUL and other
//! control characters, and any folder or file on the way that is a
//! symbolic link (or, on Windows, a junction). `content/` itself may be
//! a link: it is the site's choice, resolved once. The last part need not
//! exist (a new entry); what exists on the way must be a folder.

use std::path::{Component, Path, PathBuf};

use crate::l10n::Msg;

/// Why a requested name was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not a plain relative name inside `content/`.
    Outside(String),
    /// A symbolic link on the way.
    Link(String),
    /// A file where a folder is needed, or `content/` missing.
    NotFolder(String),
}

impl Refused {
    /// What to tell the editor.
    pub fn msg(&self) -> Msg {
        match self {
            Refused::Outside(p) => Msg::new("serve-path-outside").arg("path", p.as_str()),
            Refused::Link(p) => Msg::new("serve-path-link").arg("path", p.as_str()),
            Refused::NotFolder(p) => Msg::new("serve-path-not-folder").arg("path", p.as_str()),
        }
    }
}

/// The path on disk of `requested` (relative to `site/content/`, with
/// `/` between parts), or why it is refused.
pub fn resolve(site: &Path, requested: &str) -> Result<PathBuf, Refused> {
    let outside = || Refused::Outside(requested.to_string());
    if requested.is_empty()
        || requested.contains('\\')
        || requested.chars().any(char::is_control)
        || requested.starts_with('/')
    {
        return Err(outside());
    }
    let mut parts = Vec::new();
    for c in Path::new(requested).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_owned()),
            Component::CurDir => {}
            _ => return Err(outside()),
        }
    }
    if parts.is_empty() {
        return Err(outside());
    }
    let root = site
        .join("content")
        .canonicalize()
        .map_err(|_| Refused::NotFolder("content".to_string()))?;
    let mut at = root.clone();
    let last = parts.len() - 1;
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let shown = || {
            at.strip_prefix(&root)
                .map(|p| format!("content/{}", p.to_string_lossy().replace('\\', "/")))
                .unwrap_or_default()
        };
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() || is_junction(&m) => {
                return Err(Refused::Link(shown()));
            }
            Ok(m) if i < last && !m.is_dir() => return Err(Refused::NotFolder(shown())),
            Ok(_) => {}
            // Not there yet: nothing below it can be a link.
            Err(_) => break,
        }
    }
    Ok(root.join(parts.iter().collect::<PathBuf>()))
}

/// A Windows junction (a mount point) leads elsewhere as a link does, but
/// is not reported as a symbolic link.
#[cfg(windows)]
pub(crate) fn is_junction(m: &std::fs::Metadata) -> bool {
    use std::os::windows::fs::MetadataExt;
    const FILE_ATTRIBUTE_REPARSE_POINT: u32 = 0x400;
    m.file_attributes() & FILE_ATTRIBUTE_REPARSE_POINT != 0
}

#[cfg(not(windows))]
pub(crate) fn is_junction(_: &std::fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let t = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(t.path().join("content/models/ha-noi")).expect("mkdir");
        std::fs::write(t.path().join("content/models/ha-noi/a.md"), "x").expect("write");
        std::fs::write(t.path().join("secret.txt"), "x").expect("write");
        t
    }

    #[test]
    fn names_inside_content_resolve_existing_or_not() {
        let t = site();
        let root = t.path().join("content").canonicalize().expect("root");
        assert_eq!(
            resolve(t.path(), "models/ha-noi/a.md"),
            Ok(root.join("models/ha-noi/a.md"))
        );
        assert_eq!(
            resolve(t.path(), "./models/moi/b.md"),
            Ok(root.join("models/moi/b.md"))
        );
    }

    #[test]
    fn climbing_out_and_absolute_names_are_refused() {
        let t = site();
        for bad in [
            "",
            ".",
            "../secret.txt",
            "models/../../secret.txt",
            "models/ha-noi/../a.md",
            "/etc/passwd",
            "\\\\server\\share\\x.md",
            "C:\\Windows\\x.md",
            "models\\..\\..\\secret.txt",
            "models/a\0.md",
            "models/a\n.md",
        ] {
            assert!(
                matches!(resolve(t.path(), bad), Err(Refused::Outside(_))),
                "{bad:?}: {:?}",
                resolve(t.path(), bad)
            );
        }
    }

    #[test]
    fn a_file_used_as_a_folder_is_refused() {
        let t = site();
        assert_eq!(
            resolve(t.path(), "models/ha-noi/a.md/b.md"),
            Err(Refused::NotFolder("content/models/ha-noi/a.md".into()))
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_on_the_way_are_refused() {
        let t = site();
        let outside = tempfile::tempdir().expect("outside");
        std::fs::write(outside.path().join("x.md"), "x").expect("write");
        let c = t.path().join("content");
        std::os::unix::fs::symlink(outside.path(), c.join("models/link")).expect("link dir");
        std::os::unix::fs::symlink(t.path().join("secret.txt"), c.join("models/s.md"))
            .expect("link file");
        assert_eq!(
            resolve(t.path(), "models/link/x.md"),
            Err(Refused::Link("content/models/link".into()))
        );
        assert_eq!(
            resolve(t.path(), "models/link/new.md"),
            Err(Refused::Link("content/models/link".into()))
        );
        assert_eq!(
            resolve(t.path(), "models/s.md"),
            Err(Refused::Link("content/models/s.md".into()))
        );
        // A dangling link is a link too.
        std::os::unix::fs::symlink(t.path().join("nowhere"), c.join("models/d.md"))
            .expect("dangling");
        assert_eq!(
            resolve(t.path(), "models/d.md"),
            Err(Refused::Link("content/models/d.md".into()))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_content_folder_is_the_sites_choice() {
        let t = tempfile::tempdir().expect("temp dir");
        let real = tempfile::tempdir().expect("real");
        std::fs::create_dir_all(real.path().join("models")).expect("mkdir");
        std::os::unix::fs::symlink(real.path(), t.path().join("content")).expect("link");
        let got = resolve(t.path(), "models/a.md").expect("resolved");
        assert_eq!(
            got,
            real.path()
                .canonicalize()
                .expect("real")
                .join("models/a.md")
        );
    }
}
