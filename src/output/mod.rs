//! Writing the output folder, safely and without needless writes.
//!
//! Every build renders into a staging folder beside the output; nothing in
//! the output changes until everything has rendered. Then:
//! - a **fresh** output (none yet, or one without a manifest) is replaced
//!   whole by the staging folder;
//! - an **existing** kheo output gets only the files whose bytes changed
//!   (moved in one by one with `rename`), and loses the files kheo wrote last
//!   time but not this time. Identical files are never rewritten, so their
//!   modification times stay, and rebuilds write little.
//!
//! The `.kheo-output` file marks folders kheo created and lists every file
//! it wrote with its length and CRC-32. kheo never replaces a non-empty
//! folder without that mark (unless `--wipe-output`), never deletes a file it did not
//! write, and refuses an output folder that is, or holds, the site itself.
//! This is the only module that writes the output.

mod manifest;
mod target;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::render::Sink;
use crate::render::table::Table;

use manifest::{
    Counting, Entry, Layouts, OLD_CARDS, OldManifest, RECORDS, link_on_the_way, manifest_text,
    open_checked, read_layouts, read_manifest, write_layouts,
};
pub use manifest::{MARKER, Summary, recorded_paths, safe_relative, stored_summary};
pub use target::{check_target, resolve};

/// A file-system error of the output; `action` (a key the message
/// selects on) says what kheo was doing.
fn io_err(path: &Path, action: &'static str, e: std::io::Error) -> Diagnostic {
    crate::diag::io_write_error(path, &e).arg("action", action)
}

/// What a finished build changed in the output.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Changes {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// The output had a manifest that could not be read or trusted: it
    /// was ignored and the output replaced whole.
    pub ignored_manifest: bool,
}

/// A staging folder being filled; applied to the output on [`Staging::commit`].
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    /// The previous output's manifest, when the output is kheo's and current.
    old: Option<OldManifest>,
    new: Mutex<Vec<Entry>>,
    /// Pages kept as they were ([`Staging::keep`]).
    kept: AtomicUsize,
    written: AtomicUsize,
    summary: Option<Summary>,
    /// The layouts of the previous output's record files, and of this
    /// build's ([`Staging::put_table`]).
    old_layouts: Layouts,
    new_layouts: Mutex<Layouts>,
    /// For an existing output ([`Staging::target`]): each staged file, by
    /// number, and its path in the output.
    moves: Mutex<Vec<(PathBuf, String)>>,
    staged: AtomicUsize,
    /// See [`Changes::ignored_manifest`].
    ignored_manifest: bool,
}

impl Staging {
    /// Creates a fresh staging folder beside `out`.
    pub fn begin(out: &Path) -> Result<Staging, Diagnostic> {
        let out = resolve(out);
        let parent = out
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(&parent).map_err(|e| io_err(&parent, "create-folder", e))?;
        // Staging folders of killed builds are ours by name: clear them.
        let prefix = format!(".{name}.kheo-");
        if let Ok(rd) = std::fs::read_dir(&parent) {
            for e in rd.flatten() {
                if e.file_name().to_string_lossy().starts_with(&prefix) {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = parent.join(format!("{prefix}staging-{}", std::process::id()));
        std::fs::create_dir(&dir).map_err(|e| io_err(&dir, "create-staging", e))?;
        let _t = crate::progress::trace::span("begin: read manifest");
        let old = if out.is_dir() {
            read_manifest(&out)
        } else {
            None
        };
        let ignored_manifest = old.is_none() && out.join(MARKER).is_file();
        drop(_t);
        let _t = crate::progress::trace::span("begin: layouts");
        let old_layouts = if old.is_some() {
            read_layouts(&out)
        } else {
            Layouts::new()
        };
        Ok(Staging {
            dir,
            out,
            old,
            new: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
            kept: AtomicUsize::new(0),
            summary: None,
            old_layouts,
            new_layouts: Mutex::default(),
            moves: Mutex::default(),
            staged: AtomicUsize::new(0),
            ignored_manifest,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Records what this build read, so the next one can tell nothing changed.
    pub fn set_summary(&mut self, summary: Summary) {
        self.summary = Some(summary);
    }

    /// Where the file at `path` in the output is staged. A fresh output
    /// is the staging folder itself, so its files are staged at their
    /// paths. An existing one gets only the files that changed, moved in
    /// one by one: they are staged flat, by number, as a one-edit rebuild
    /// of a national site changes a thousand pages, each in a folder of
    /// its own, and making those folders (and removing them again) was
    /// most of the cost of staging them.
    fn target(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        // Paths come from slugs and asset names; refuse anything that could climb out.
        let bad = !safe_relative(path) || path == MARKER || path == RECORDS || path == OLD_CARDS;
        if bad {
            return Err(Diagnostic::error(PathBuf::from(path), "output-outside"));
        }
        if self.old.is_none() {
            return Ok(self.dir.join(path));
        }
        let n = self.staged.fetch_add(1, Ordering::Relaxed);
        Ok(self.dir.join(format!("{n:x}")))
    }

    /// Makes the folder a file is staged in, when it is not the staging
    /// folder itself.
    fn make_parent(&self, target: &Path) -> Result<(), Diagnostic> {
        match target.parent() {
            Some(parent) if self.old.is_none() => {
                std::fs::create_dir_all(parent).map_err(|e| io_err(parent, "create-folder", e))
            }
            _ => Ok(()),
        }
    }

    /// Notes a file staged at `target` for `path` in the output, to be
    /// moved there on [`Staging::commit`].
    fn staged(&self, target: PathBuf, path: &str) {
        if self.old.is_some()
            && let Ok(mut moves) = self.moves.lock()
        {
            moves.push((target, path.to_string()));
        }
    }

    /// A page whose inputs have the fingerprint `fp`: when the output's
    /// manifest says it was rendered from the same inputs and the file is
    /// still there, it is kept as it is (not rendered, not written) and
    /// `true` returned. An edit to one model thus re-renders only the pages
    /// that show it.
    pub fn keep(&self, path: &str, fp: u64) -> bool {
        fp != 0 && self.keep_if(path, true, |old_fp| old_fp == fp)
    }

    /// A page kept as the last build wrote it, whatever its fingerprint
    /// (the caller knows its inputs did not change), when the output's
    /// manifest lists it. Unlike [`Staging::keep`], the file is not looked
    /// at, as a build that finds nothing changed does not look at any: on a
    /// national site, checking the 118,000 files took a quarter of a
    /// body-edit rebuild. `kheo build --recheck` checks every file.
    pub fn keep_as_was(&self, path: &str) -> bool {
        self.keep_if(path, false, |_| true)
    }

    /// [`Staging::keep_as_was`] of many pages, looked up on both cores and
    /// recorded at once; returns the indexes of those the manifest does
    /// not list.
    pub fn keep_all_as_was(&self, paths: Vec<String>) -> Vec<usize> {
        use rayon::iter::Either;
        let Some(old) = &self.old else {
            return (0..paths.len()).collect();
        };
        let (kept, missing): (Vec<Entry>, Vec<usize>) = paths
            .into_par_iter()
            .enumerate()
            .partition_map(|(i, path)| match old.get(path.as_str()) {
                Some(&(len, crc, fp)) => Either::Left((path, len, crc, fp)),
                None => Either::Right(i),
            });
        self.kept.fetch_add(kept.len(), Ordering::Relaxed);
        if let Ok(mut new) = self.new.lock() {
            new.extend(kept);
        }
        missing
    }

    fn keep_if(&self, path: &str, check_file: bool, same: impl FnOnce(u64) -> bool) -> bool {
        let Some(&(len, crc, fp)) = self.old.as_ref().and_then(|m| m.get(path)) else {
            return false;
        };
        if !same(fp)
            || check_file && !std::fs::metadata(self.out.join(path)).is_ok_and(|m| m.len() == len)
        {
            return false;
        }
        if let Ok(mut new) = self.new.lock() {
            new.push((path.to_string(), len, crc, fp));
        }
        self.kept.fetch_add(1, Ordering::Relaxed);
        true
    }

    /// Every file of this build so far, written or kept (site paths): what
    /// the links of the site may point at.
    pub fn paths(&self) -> std::collections::BTreeSet<String> {
        self.new
            .lock()
            .map(|n| n.iter().map(|e| e.0.clone()).collect())
            .unwrap_or_default()
    }

    /// The files the last build made and this one does not, but for
    /// those under `aside` (the search index, whose chunks come and go
    /// with the words of an edit, and which no page links to); `None`
    /// without a last build. When there are none, every link that
    /// resolved then resolves now. (A file added can only make a dead link
    /// live; a model whose URL changed leaves a redirect at its old one.)
    pub fn gone_since_last<'a>(
        &'a self,
        paths: &std::collections::BTreeSet<String>,
        aside: &str,
    ) -> Option<Vec<&'a str>> {
        self.old.as_ref().map(|old| {
            old.keys()
                .map(String::as_str)
                .filter(|p| !p.starts_with(aside) && !paths.contains(*p))
                .collect()
        })
    }

    /// [`Sink::last_entry`]: the last manifest's line for `path`.
    pub fn last_entry(&self, path: &str) -> Option<(u64, u32, u64)> {
        self.old.as_ref()?.get(path).copied()
    }

    /// [`Sink::open_last`]: see [`open_checked`].
    pub fn open_last(&self, path: &str) -> Option<std::fs::File> {
        let (len, crc, _) = self.last_entry(path)?;
        open_checked(&self.out, path, len, crc)
    }

    /// How many pages [`Staging::keep`] kept.
    pub fn kept(&self) -> usize {
        self.kept.load(Ordering::Relaxed)
    }

    /// Records a file of this build in the new manifest; true when the
    /// output already holds the same bytes (then it is not written).
    fn record(&self, path: &str, len: u64, crc: u32, fp: u64) -> bool {
        if let Ok(mut new) = self.new.lock() {
            new.push((path.to_string(), len, crc, fp));
        }
        self.old
            .as_ref()
            .and_then(|m| m.get(path))
            .is_some_and(|&(l, c, _)| l == len && c == crc)
            && self.out.join(path).is_file()
    }

    fn put(&self, path: &str, bytes: &[u8], fp: u64) -> Result<(), Diagnostic> {
        let crc = crc32fast::hash(bytes);
        let target = self.target(path)?;
        let len = bytes.len() as u64;
        if self.record(path, len, crc, fp) {
            return Ok(());
        }
        self.make_parent(&target)?;
        std::fs::write(&target, bytes).map_err(|e| io_err(&target, "write", e))?;
        self.staged(target, path);
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// [`Sink::write_stream`]: the bytes go straight to the staged file
    /// through a CRC-32; an unchanged file is dropped again, as in `put`.
    fn put_stream(
        &self,
        path: &str,
        fp: u64,
        fill: &mut crate::render::Fill<'_>,
    ) -> Result<(), Diagnostic> {
        let target = self.target(path)?;
        self.make_parent(&target)?;
        let file = std::fs::File::create(&target).map_err(|e| io_err(&target, "write", e))?;
        let mut w = Counting::new(std::io::BufWriter::with_capacity(256 * 1024, file));
        fill(&mut w)
            .and_then(|()| std::io::Write::flush(&mut w))
            .map_err(|e| io_err(&target, "write", e))?;
        let Counting { len, crc, .. } = w;
        let crc = crc.finalize();
        self.finish(target, path, len, crc, fp);
        Ok(())
    }

    /// Records a file already written at `target`: when the output holds
    /// the same bytes it is removed again, otherwise it stays staged.
    fn finish(&self, target: PathBuf, path: &str, len: u64, crc: u32, fp: u64) {
        if self.record(path, len, crc, fp) {
            let _ = std::fs::remove_file(&target);
        } else {
            self.staged(target, path);
            self.written.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// [`Sink::write_table`]: as [`Staging::put_stream`], copying every
    /// record the previous output's file still has (when that file is as
    /// the manifest and its layout say).
    fn put_table(&self, path: &str, fp: u64, table: &Table<'_>) -> Result<(), Diagnostic> {
        let target = self.target(path)?;
        self.make_parent(&target)?;
        let old = self.old_layouts.get(path).and_then(|(len, crc, layout)| {
            let listed = self.old.as_ref()?.get(path)?;
            let same = (listed.0, listed.1) == (*len, *crc) && layout.file_len() == *len;
            if link_on_the_way(&self.out, path).is_some() {
                return None;
            }
            let file = std::fs::File::open(self.out.join(path)).ok()?;
            let on_disk = file.metadata().ok()?.len();
            (same && on_disk == *len).then_some((layout, file))
        });
        let read = |at: u64, buf: &mut [u8]| match &old {
            Some((_, file)) => {
                use std::io::{Read, Seek, SeekFrom};
                let mut file: &std::fs::File = file;
                file.seek(SeekFrom::Start(at))?;
                file.read_exact(buf)
            }
            None => Err(std::io::Error::other("no previous file")),
        };
        let file = std::fs::File::create(&target).map_err(|e| io_err(&target, "write", e))?;
        let mut w = Counting::new(file);
        let layout = table
            .splice(old.as_ref().map(|(l, _)| (*l, &read as _)), &mut w)
            .map_err(|e| io_err(&target, "write", e))?;
        let Counting { len, crc, .. } = w;
        let crc = crc.finalize();
        if let Ok(mut layouts) = self.new_layouts.lock() {
            layouts.insert(path.to_string(), (len, crc, layout));
        }
        self.finish(target, path, len, crc, fp);
        Ok(())
    }

    /// The layouts to record with this build: those of the record files it
    /// wrote, and those of the files it kept as they were.
    fn layouts(&self, manifest: &[Entry]) -> Layouts {
        let mut layouts =
            std::mem::take(&mut *self.new_layouts.lock().unwrap_or_else(|e| e.into_inner()));
        for (path, old) in &self.old_layouts {
            let kept = manifest
                .binary_search_by(|e| e.0.as_str().cmp(path))
                .is_ok_and(|i| (manifest[i].1, manifest[i].2) == (old.0, old.1));
            if kept && !layouts.contains_key(path) {
                layouts.insert(path.clone(), old.clone());
            }
        }
        layouts
    }

    /// Applies the staged build to the output.
    pub fn commit(self) -> Result<Changes, Diagnostic> {
        let mut new = std::mem::take(
            &mut *self
                .new
                .lock()
                .map_err(|_| Diagnostic::error(&self.dir, "output-thread-failed"))?,
        );
        // Sorted for a stable manifest; 100,000 paths sharing long
        // prefixes are worth sorting on both cores.
        let _t = crate::progress::trace::span("commit: sort");
        new.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        new.dedup_by(|a, b| a.0 == b.0);
        drop(_t);
        let written = self.written.load(Ordering::Relaxed);
        let result = match &self.old {
            Some(old) => self.apply_changes(old, &new, written),
            None => self.replace_whole(&new, written),
        };
        let _t = crate::progress::trace::span("commit: remove staging");
        let _ = std::fs::remove_dir_all(&self.dir);
        drop(_t);
        // Freeing a national site's two manifests takes a noticeable share
        // of a one-edit rebuild: it is done beside whatever comes next (a
        // `kheo build` exits without waiting for it).
        let _ = std::thread::Builder::new().spawn(move || drop((self, new)));
        result
    }

    fn replace_whole(&self, manifest: &[Entry], written: usize) -> Result<Changes, Diagnostic> {
        write_layouts(&self.dir, &self.layouts(manifest))?;
        std::fs::write(self.dir.join(MARKER), manifest_text(manifest, self.summary))
            .map_err(|e| io_err(&self.dir, "write-manifest", e))?;
        let old = self.dir.with_file_name(format!(
            "{}-old",
            self.dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &old).map_err(|e| io_err(&self.out, "move-aside", e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(io_err(&self.out, "put-in-place", e));
        }
        if had_old {
            std::fs::remove_dir_all(&old).map_err(|e| io_err(&old, "remove-previous", e))?;
        }
        Ok(Changes {
            written,
            unchanged: 0,
            removed: 0,
            ignored_manifest: self.ignored_manifest,
        })
    }

    fn apply_changes(
        &self,
        old: &OldManifest,
        manifest: &[Entry],
        written: usize,
    ) -> Result<Changes, Diagnostic> {
        let moves = std::mem::take(&mut *self.moves.lock().unwrap_or_else(|e| e.into_inner()));
        for (from, path) in moves {
            if let Some(link) = link_on_the_way(&self.out, &path) {
                return Err(Diagnostic::error(&link, "output-link"));
            }
            let dest = self.out.join(&path);
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io_err(parent, "create-folder", e))?;
            }
            std::fs::rename(&from, &dest).map_err(|e| io_err(&dest, "update", e))?;
        }
        // The staging folder (now only the files found unchanged) is
        // removed beside the rest of the commit.
        std::thread::scope(|s| {
            s.spawn(|| {
                let _t = crate::progress::trace::span("commit: remove staging (beside)");
                let _ = std::fs::remove_dir_all(&self.dir);
            });
            let _t = crate::progress::trace::span("commit: still");
            let mut removed = 0;
            // When every old path is still in the manifest (counted on both
            // cores: the paths are distinct), none is looked for.
            let still = manifest
                .par_iter()
                .filter(|e| old.contains_key(e.0.as_str()))
                .count();
            let gone: Vec<&String> = if still == old.len() {
                Vec::new()
            } else {
                let now: std::collections::HashSet<&str> =
                    manifest.iter().map(|e| e.0.as_str()).collect();
                old.keys().filter(|p| !now.contains(p.as_str())).collect()
            };
            for path in gone {
                if link_on_the_way(&self.out, path).is_some() {
                    continue;
                }
                let file = self.out.join(path);
                if std::fs::remove_file(&file).is_ok() {
                    removed += 1;
                    // Remove folders this left empty, up to the output root.
                    let mut dir = file.parent();
                    while let Some(d) = dir {
                        if d == self.out || std::fs::remove_dir(d).is_err() {
                            break;
                        }
                        dir = d.parent();
                    }
                }
            }
            drop(_t);
            let _t = crate::progress::trace::span("commit: layouts");
            write_layouts(&self.out, &self.layouts(manifest))?;
            let _ = std::fs::remove_file(self.out.join(OLD_CARDS));
            drop(_t);
            let _t = crate::progress::trace::span("commit: manifest");
            let tmp = self.out.join(format!("{MARKER}.tmp"));
            std::fs::write(&tmp, manifest_text(manifest, self.summary))
                .map_err(|e| io_err(&tmp, "write-manifest", e))?;
            std::fs::rename(&tmp, self.out.join(MARKER))
                .map_err(|e| io_err(&tmp, "write-manifest", e))?;
            Ok(Changes {
                written,
                unchanged: manifest.len() - written,
                removed,
                ignored_manifest: false,
            })
        })
    }

    /// Throws the staging folder away; the previous output stays as it was.
    ///
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.put(path, bytes, 0)
    }

    fn write_page(&self, path: &str, bytes: &[u8], fp: u64) -> Result<(), Diagnostic> {
        self.put(path, bytes, fp)
    }

    fn keep(&self, path: &str, fp: u64) -> bool {
        Staging::keep(self, path, fp)
    }

    fn keep_as_was(&self, path: &str) -> bool {
        Staging::keep_as_was(self, path)
    }

    fn keep_all_as_was(&self, paths: Vec<String>) -> Vec<usize> {
        Staging::keep_all_as_was(self, paths)
    }

    fn wants_fingerprints(&self) -> bool {
        true
    }

    fn last_entry(&self, path: &str) -> Option<(u64, u32, u64)> {
        Staging::last_entry(self, path)
    }

    fn open_last(&self, path: &str) -> Option<std::fs::File> {
        Staging::open_last(self, path)
    }

    fn written(&self, path: &str) -> Option<(std::fs::File, Vec<u32>)> {
        // Only a fresh output's files are staged at their paths.
        let at = self.old.is_none().then(|| self.target(path).ok())??;
        let lens = self.new_layouts.lock().ok()?.get(path)?.2.lens.clone();
        Some((std::fs::File::open(at).ok()?, lens))
    }

    fn write_stream(
        &self,
        path: &str,
        fp: u64,
        fill: &mut crate::render::Fill<'_>,
    ) -> Result<(), Diagnostic> {
        self.put_stream(path, fp, fill)
    }

    fn write_table(&self, path: &str, fp: u64, table: &Table<'_>) -> Result<(), Diagnostic> {
        self.put_table(path, fp, table)
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        let bytes = std::fs::read(from).map_err(|e| io_err(from, "read", e))?;
        self.put(path, &bytes, 0)
    }
}
