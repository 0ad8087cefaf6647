//! Writing an entry file from the editor, safely: the path must be a
//! Markdown file under the site's `content/`, reached through no symbolic
//! link; the write is atomic (a temporary file in the same folder, flushed,
//! then renamed: a killed process leaves the old file or the new one);
//! and a file changed on disk since its form was opened is not
//! overwritten: the caller gets both versions instead.
//!
//! The conflict check compares [`file_hash`] of the bytes on disk with
//! the hash the form was opened with ([`super::save::Opened::hash`]). It
//! runs just before the rename; an edit landing between the two is the
//! one case not caught (the window is one rename).

use std::path::{Path, PathBuf};

use super::content_path::{self, Refused};

use crate::l10n::Msg;

/// Why the editor did not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// The path is not a Markdown file under `content/`.
    Outside { path: String },
    /// A folder or the file on the way is a symbolic link.
    Link { path: PathBuf },
    /// The file changed on disk since the form was opened: what is on
    /// disk now (`None`: it was deleted) and what the form would write.
    Conflict { disk: Option<String>, mine: String },
    /// A new entry's file exists already.
    Exists { path: PathBuf },
    /// The file system refused (`detail`: its message).
    Io { path: PathBuf, detail: String },
}

impl WriteError {
    /// The message for the editor.
    pub fn msg(&self) -> Msg {
        match self {
            WriteError::Outside { path } => Msg::new("edit-outside").arg("path", path.as_str()),
            WriteError::Link { path } => Msg::new("edit-link").path("path", path),
            WriteError::Conflict { .. } => Msg::new("edit-conflict"),
            WriteError::Exists { path } => Msg::new("edit-exists").path("path", path),
            WriteError::Io { path, detail } => Msg::new("edit-io")
                .path("path", path)
                .arg("detail", detail.as_str()),
        }
    }
}

fn io(path: &Path, e: &std::io::Error) -> WriteError {
    WriteError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// A hash of a file's bytes, as text: its length and two CRC-32s of
/// different seeds (64 bits, enough to notice a change; not a defence
/// against forged files).
pub fn file_hash(bytes: &[u8]) -> String {
    let mut second = crc32fast::Hasher::new_with_initial(0x9e37_79b9);
    second.update(bytes);
    format!(
        "{:x}-{:08x}{:08x}",
        bytes.len(),
        crc32fast::hash(bytes),
        second.finalize()
    )
}

/// The file `rel` (a `/`-separated path under the site folder `site`,
/// such as `content/models/ha-noi/hu-gao.md`) names, when it is a `.md`
/// file that [`content_path::resolve`] finds under `content/`, reached
/// through no symbolic link (the file itself included, when it exists).
/// Folders that do not exist yet are fine: a new entry's folder is made
/// by [`create`].
pub fn entry_path(site: &Path, rel: &str) -> Result<PathBuf, WriteError> {
    let outside = || WriteError::Outside {
        path: rel.to_string(),
    };
    // A drive (`C:`) or a stream (`x.md:y`) is never an entry's name.
    if rel.contains(':') || !rel.ends_with(".md") {
        return Err(outside());
    }
    let inner = rel.strip_prefix("content/").ok_or_else(outside)?;
    content_path::resolve(site, inner).map_err(|refused| match refused {
        Refused::Link(shown) => WriteError::Link {
            path: site.join(shown),
        },
        Refused::Outside(_) | Refused::NotFolder(_) => outside(),
    })
}

/// Writes `text` over the entry `rel` of the site in `site`, if the file
/// on disk still has the hash `opened` (what [`super::save::open`] gave).
pub fn save(site: &Path, rel: &str, opened: &str, text: &str) -> Result<PathBuf, WriteError> {
    let path = entry_path(site, rel)?;
    let disk = match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(&path, &e)),
    };
    if disk.as_deref().map(file_hash).as_deref() != Some(opened) {
        return Err(WriteError::Conflict {
            disk: disk.map(|b| String::from_utf8_lossy(&b).into_owned()),
            mine: text.to_string(),
        });
    }
    crate::content::cache::write_atomically(&path, &[text.as_bytes().to_vec()], true)
        .map_err(|e| io(&path, &e))?;
    Ok(path)
}

/// Writes a new entry `rel` with `text`, making its folder; never over an
/// existing file, even one made meanwhile (the name is taken first with
/// an exclusive create, then the text renamed over it).
pub fn create(site: &Path, rel: &str, text: &str) -> Result<PathBuf, WriteError> {
    let path = entry_path(site, rel)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, &e))?;
        // Made just now, perhaps: checked again for links.
        entry_path(site, rel)?;
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(WriteError::Exists { path });
        }
        Err(e) => return Err(io(&path, &e)),
    }
    crate::content::cache::write_atomically(&path, &[text.as_bytes().to_vec()], true)
        .map_err(|e| io(&path, &e))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let t = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(t.path().join("content/models")).expect("mkdir");
        t
    }

    #[test]
    fn paths_outside_content_are_refused() {
        let t = site();
        for bad in [
            "../x.md",
            "content/../../x.md",
            "content/models/../../site.yaml",
            "/etc/passwd",
            "content/models/x.txt",
            "site.md",
            "content\\models\\x.md",
            "C:/x.md",
            "content/models/x.md:stream.md",
        ] {
            assert!(
                matches!(entry_path(t.path(), bad), Err(WriteError::Outside { .. })),
                "{bad}"
            );
        }
        let ok = entry_path(t.path(), "content/models/ha-noi/x.md").expect("inside");
        let root = t.path().canonicalize().expect("site");
        assert_eq!(ok, root.join("content/models/ha-noi/x.md"));
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_on_the_way_are_refused() {
        let t = site();
        let elsewhere = tempfile::tempdir().expect("tempdir");
        std::fs::write(elsewhere.path().join("x.md"), "---\n---\n").expect("write");
        std::os::unix::fs::symlink(elsewhere.path(), t.path().join("content/models/lnk"))
            .expect("symlink");
        std::os::unix::fs::symlink(
            elsewhere.path().join("x.md"),
            t.path().join("content/models/y.md"),
        )
        .expect("symlink");
        for rel in ["content/models/lnk/x.md", "content/models/y.md"] {
            let got = save(
                t.path(),
                rel,
                &file_hash(b"---\n---\n"),
                "---\ntitle: A\n---\n",
            );
            assert!(
                matches!(got, Err(WriteError::Link { .. })),
                "{rel}: {got:?}"
            );
        }
        assert_eq!(
            std::fs::read_to_string(elsewhere.path().join("x.md")).expect("read"),
            "---\n---\n"
        );
    }

    #[test]
    fn a_file_changed_on_disk_is_not_overwritten() {
        let t = site();
        let rel = "content/models/a.md";
        let path = t.path().join(rel);
        std::fs::write(&path, "---\ntitle: A\n---\n").expect("write");
        let opened = file_hash(&std::fs::read(&path).expect("read"));
        // Someone edits the file in Notepad while the form is open.
        std::fs::write(&path, "---\ntitle: B\n---\n").expect("write");
        match save(t.path(), rel, &opened, "---\ntitle: C\n---\n") {
            Err(WriteError::Conflict { disk, mine }) => {
                assert_eq!(disk.as_deref(), Some("---\ntitle: B\n---\n"));
                assert_eq!(mine, "---\ntitle: C\n---\n");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "---\ntitle: B\n---\n"
        );
        let now = file_hash(&std::fs::read(&path).expect("read"));
        save(t.path(), rel, &now, "---\ntitle: C\n---\n").expect("saved");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "---\ntitle: C\n---\n"
        );
        // No temporary file is left beside it.
        let names: Vec<_> = std::fs::read_dir(t.path().join("content/models"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["a.md"]);
    }

    #[test]
    fn new_entries_never_replace_a_file() {
        let t = site();
        let rel = "content/models/ha-noi/moi.md";
        create(t.path(), rel, "---\ntitle: A\n---\n").expect("created");
        assert_eq!(
            create(t.path(), rel, "---\ntitle: B\n---\n"),
            Err(WriteError::Exists {
                path: t.path().join(rel)
            })
        );
        assert_eq!(
            std::fs::read_to_string(t.path().join(rel)).expect("read"),
            "---\ntitle: A\n---\n"
        );
    }
}
