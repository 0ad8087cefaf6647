//! Writing the output folder, safely.
//!
//! A build writes into a staging folder beside the output and swaps it in
//! only when everything rendered, so a failed build leaves the previous site
//! whole. kheo marks folders it creates with a `.kheo-output` file and never
//! replaces a non-empty folder without that mark (unless forced), nor one
//! that is, or holds, the site itself. This is the only module that writes
//! the output.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::render::Sink;

/// Name of the marker file kheo puts in every output folder it creates.
pub const MARKER: &str = ".kheo-output";

/// A staging folder being filled; becomes the output on [`Staging::commit`].
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
}

fn io_err(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("cannot {what}: {e}"))
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Checks that `out` may be replaced by a build of the site in `site`.
pub fn check_target(site: &Path, out: &Path, force: bool) -> Result<(), Diagnostic> {
    let site_abs = site.canonicalize().unwrap_or_else(|_| absolute(site));
    let out_abs = out.canonicalize().unwrap_or_else(|_| absolute(out));
    if site_abs.starts_with(&out_abs) {
        return Err(
            Diagnostic::error(out, "the output folder is, or contains, the site itself")
                .help("choose another output folder, e.g. `-o public`"),
        );
    }
    for keep in ["content", "static", "templates", "themes"] {
        if out_abs.starts_with(site_abs.join(keep)) {
            return Err(Diagnostic::error(
                out,
                format!("the output folder is inside the site's {keep}/ folder"),
            )
            .help("choose an output folder outside content/, static/, templates/ and themes/"));
        }
    }
    if out.is_file() {
        return Err(Diagnostic::error(out, "the output path is a file").help("choose a folder"));
    }
    if out.is_dir() && !out.join(MARKER).is_file() && !force {
        let empty = std::fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(Diagnostic::error(
                out,
                "this folder was not made by kheo, so kheo will not replace it",
            )
            .help("choose an empty or new output folder, or pass --force to replace it"));
        }
    }
    Ok(())
}

impl Staging {
    /// Creates a fresh staging folder beside `out`.
    pub fn begin(out: &Path) -> Result<Staging, Diagnostic> {
        let out = absolute(out);
        let parent = out
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(&parent).map_err(|e| io_err(&parent, "create the folder", e))?;
        let dir = parent.join(format!(".{name}.kheo-staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| io_err(&dir, "clear the staging folder", e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| io_err(&dir, "create the staging folder", e))?;
        Ok(Staging { dir, out })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn target(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        // Paths come from slugs and asset names; refuse anything that could climb out.
        if path
            .split('/')
            .any(|p| p == ".." || p.is_empty() && !path.is_empty() && path.ends_with("//"))
            || path.starts_with('/')
            || path.contains('\\')
        {
            return Err(Diagnostic::error(
                PathBuf::from(path),
                "refusing to write outside the output folder",
            ));
        }
        Ok(self.dir.join(path))
    }

    /// Swaps the staging folder in as the output.
    pub fn commit(self) -> Result<PathBuf, Diagnostic> {
        std::fs::write(
            self.dir.join(MARKER),
            "This folder is written by kheo; it is replaced on every build.\n",
        )
        .map_err(|e| io_err(&self.dir, "write the marker", e))?;
        let old = self.dir.with_file_name(format!(
            ".{}.kheo-old-{}",
            self.out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &old)
                .map_err(|e| io_err(&self.out, "move the previous output aside", e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(io_err(&self.out, "put the new output in place", e));
        }
        if had_old {
            std::fs::remove_dir_all(&old)
                .map_err(|e| io_err(&old, "remove the previous output", e))?;
        }
        Ok(self.out.clone())
    }

    /// Throws the staging folder away; the previous output stays as it was.
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let target = self.target(path)?;
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_err(parent, "create the folder", e))?;
        }
        std::fs::write(&target, bytes).map_err(|e| io_err(&target, "write", e))
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        let target = self.target(path)?;
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_err(parent, "create the folder", e))?;
        }
        std::fs::copy(from, &target)
            .map(|_| ())
            .map_err(|e| io_err(from, "copy", e))
    }
}

/// A sink that keeps nothing: `kheo check` renders everything but writes nothing.
pub struct NullSink;

impl Sink for NullSink {
    fn write(&self, _: &str, _: &[u8]) -> Result<(), Diagnostic> {
        Ok(())
    }
    fn copy(&self, _: &str, from: &Path) -> Result<(), Diagnostic> {
        if from.is_file() {
            Ok(())
        } else {
            Err(Diagnostic::error(from, "file not found"))
        }
    }
}
