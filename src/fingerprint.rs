//! A fingerprint of everything a build reads, so that a rebuild with
//! nothing changed can stop after a walk of the site's folders.
//!
//! It covers: this kheo binary (version, path, size, modification time),
//! the build options that change output, and the path, size and
//! modification time of every file under `site.yaml`, `content/`,
//! `static/`, `templates/`, `themes/` and `i18n/`. Editors save files, which
//! changes their modification time; a tool that rewrites a file with the
//! same size and time defeats it, which is why `--force` always rebuilds.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;

use crate::BuildOptions;

/// Two CRC-32s with different seeds: 64 bits, enough to notice a change
/// (this is not a defence against someone forging inputs).
struct Hasher(crc32fast::Hasher, crc32fast::Hasher);

impl Hasher {
    fn new() -> Self {
        Hasher(
            crc32fast::Hasher::new(),
            crc32fast::Hasher::new_with_initial(0x9e37_79b9),
        )
    }
    fn add(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
        self.1.update(bytes);
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        self.0.update(&[0xff]);
        self.1.update(&[0xfe]);
    }
    fn finish(self) -> u64 {
        (u64::from(self.0.finalize()) << 32) | u64::from(self.1.finalize())
    }
}

/// A file or folder found by [`walk`], with what `lstat` says of it, or
/// why its folder could not be listed.
#[derive(Debug)]
pub struct Found {
    pub path: PathBuf,
    pub meta: std::io::Result<std::fs::Metadata>,
}

/// Everything under `root` (not `root` itself), depth first, the names of
/// each folder sorted; symbolic links are listed, not followed. A folder
/// that cannot be listed is found a second time, with the error. Each
/// entry is `lstat`ed relative to its open folder, not by its whole path:
/// on a national site this walk is most of a rebuild that has nothing to do.
pub fn walk(root: &Path) -> Vec<Found> {
    let mut out = Vec::new();
    walk_into(root, &mut out);
    out
}

fn walk_into(dir: &Path, out: &mut Vec<Found>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            out.push(Found {
                path: dir.to_path_buf(),
                meta: Err(e),
            });
            return;
        }
    };
    let mut entries: Vec<(std::ffi::OsString, std::io::Result<std::fs::Metadata>)> = entries
        .map(|e| match e {
            Ok(e) => (e.file_name(), e.metadata()),
            Err(e) => (std::ffi::OsString::new(), Err(e)),
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let has_folders = entries
        .iter()
        .any(|(_, m)| m.as_ref().is_ok_and(std::fs::Metadata::is_dir));
    if !has_folders {
        out.extend(entries.into_iter().map(|(name, meta)| Found {
            path: dir.join(name),
            meta,
        }));
        return;
    }
    // Sub-folders (a site's provinces, say) are walked in parallel.
    let parts: Vec<Vec<Found>> = entries
        .into_par_iter()
        .map(|(name, meta)| {
            let path = dir.join(name);
            let is_dir = meta.as_ref().is_ok_and(std::fs::Metadata::is_dir);
            let mut part = vec![Found {
                path: path.clone(),
                meta,
            }];
            if is_dir {
                walk_into(&path, &mut part);
            }
            part
        })
        .collect();
    out.extend(parts.into_iter().flatten());
}

fn add_meta(h: &mut Hasher, rel: &str, meta: Option<&std::fs::Metadata>) {
    h.add(rel.as_bytes());
    match meta {
        Some(m) => {
            h.add(&m.len().to_le_bytes());
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            h.add(&t.to_le_bytes());
        }
        None => h.add(b"missing"),
    }
}

fn add_file(h: &mut Hasher, path: &Path, rel: &str) {
    add_meta(h, rel, std::fs::symlink_metadata(path).ok().as_ref());
}

/// What [`scan`] found: the fingerprint, and the walk of `content/`,
/// which loading the content uses instead of walking it again.
#[derive(Debug)]
pub struct Scan {
    pub fingerprint: u64,
    pub content: Vec<Found>,
}

/// The fingerprint of a build of `opts`.
pub fn of(opts: &BuildOptions) -> u64 {
    scan(opts).fingerprint
}

/// Walks the site once: the fingerprint of a build of `opts`, and what is
/// under `content/`.
pub fn scan(opts: &BuildOptions) -> Scan {
    let mut h = Hasher::new();
    h.add(env!("CARGO_PKG_VERSION").as_bytes());
    if let Ok(exe) = std::env::current_exe() {
        add_file(&mut h, &exe, &exe.to_string_lossy());
    }
    h.add(opts.base_url.as_deref().unwrap_or("").as_bytes());
    h.add(&[u8::from(opts.drafts)]);
    h.add(&[u8::from(opts.no_search)]);
    let dir = &opts.dir;
    add_file(&mut h, &dir.join("site.yaml"), "site.yaml");
    let mut content = Vec::new();
    for top in ["content", "static", "templates", "themes", "i18n"] {
        let root = dir.join(top);
        if !root.is_dir() {
            h.add(top.as_bytes());
            continue;
        }
        // Folders too: an added or removed file changes its folder's time,
        // and a folder's listing is part of what a build reads.
        add_file(&mut h, &root, top);
        let found = walk(&root);
        for f in &found {
            let rel = f
                .path
                .strip_prefix(dir)
                .unwrap_or(&f.path)
                .to_string_lossy();
            add_meta(&mut h, &rel, f.meta.as_ref().ok());
        }
        if top == "content" {
            content = found;
        }
    }
    Scan {
        fingerprint: h.finish(),
        content,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_when_a_file_changes_or_appears() {
        let dir = tempfile::tempdir().expect("temp");
        std::fs::create_dir_all(dir.path().join("content/models")).expect("mkdir");
        std::fs::write(dir.path().join("content/models/a.md"), "a").expect("write");
        let opts = BuildOptions {
            dir: dir.path().to_path_buf(),
            ..BuildOptions::default()
        };
        let a = of(&opts);
        assert_eq!(a, of(&opts));
        std::fs::write(dir.path().join("content/models/a.md"), "ab").expect("write");
        let b = of(&opts);
        assert_ne!(a, b);
        std::fs::write(dir.path().join("content/models/b.md"), "b").expect("write");
        assert_ne!(b, of(&opts));
        let drafts = BuildOptions {
            drafts: true,
            ..opts.clone()
        };
        assert_ne!(of(&opts), of(&drafts));
    }
}
