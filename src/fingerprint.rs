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

/// What the walk keeps of a file's metadata: its kind, length, times and
/// inode, the fields a build compares (see [`crate::content::cache::Stamp`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    pub kind: Kind,
    pub len: u64,
    /// Nanoseconds since 1970 (negative before).
    pub mtime_ns: i128,
    /// The status change time and inode where the system has them (Unix);
    /// elsewhere the creation time and 0. They only make a change easier
    /// to notice, never change what a build writes.
    pub ctime_ns: i128,
    pub ino: u64,
}

/// The kind of a file found by [`walk`] (symbolic links are not followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    Symlink,
    Other,
}

pub(crate) fn nanos(t: std::io::Result<std::time::SystemTime>) -> i128 {
    match t.map(|t| t.duration_since(std::time::UNIX_EPOCH)) {
        Ok(Ok(d)) => d.as_nanos() as i128,
        Ok(Err(e)) => -(e.duration().as_nanos() as i128),
        Err(_) => 0,
    }
}

impl Meta {
    pub fn is_dir(&self) -> bool {
        self.kind == Kind::Dir
    }
    pub fn is_file(&self) -> bool {
        self.kind == Kind::File
    }
    pub fn is_symlink(&self) -> bool {
        self.kind == Kind::Symlink
    }

    /// What `meta` (of a file not followed if a symbolic link) says.
    pub fn of(meta: &std::fs::Metadata) -> Meta {
        let t = meta.file_type();
        let kind = if t.is_symlink() {
            Kind::Symlink
        } else if t.is_dir() {
            Kind::Dir
        } else if t.is_file() {
            Kind::File
        } else {
            Kind::Other
        };
        #[cfg(unix)]
        let (ctime_ns, ino) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
                meta.ino(),
            )
        };
        #[cfg(not(unix))]
        let (ctime_ns, ino) = (nanos(meta.created()), 0);
        Meta {
            kind,
            len: meta.len(),
            mtime_ns: nanos(meta.modified()),
            ctime_ns,
            ino,
        }
    }

    /// The same of a path, not following a symbolic link.
    pub fn of_path(path: &Path) -> std::io::Result<Meta> {
        std::fs::symlink_metadata(path).map(|m| Meta::of(&m))
    }
}

/// A file or folder found by [`walk`], with its metadata, or why its
/// folder could not be listed.
#[derive(Debug)]
pub struct Found {
    pub path: PathBuf,
    pub meta: std::io::Result<Meta>,
}

/// Everything under `root` (not `root` itself), depth first, the names of
/// each folder sorted; symbolic links are listed, not followed. A folder
/// that cannot be listed is found a second time, with the error. The
/// folders right under `root` (a site's provinces, say) are walked in
/// parallel: on a national site this walk is most of a rebuild that has
/// nothing to do.
pub fn walk(root: &Path) -> Vec<Found> {
    let top: Vec<Found> = walk_dir(root, 1);
    let parts: Vec<Vec<Found>> = top
        .into_par_iter()
        .map(|f| {
            let is_dir = f.meta.as_ref().is_ok_and(Meta::is_dir);
            let path = f.path.clone();
            let mut part = vec![f];
            if is_dir {
                part.extend(walk_dir(&path, usize::MAX));
            }
            part
        })
        .collect();
    let mut out = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    out.extend(parts.into_iter().flatten());
    out
}

/// `walkdir` under `dir` down to `depth`, in the order [`walk`] promises.
fn walk_dir(dir: &Path, depth: usize) -> Vec<Found> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(depth)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .map(|e| match e {
            // Not following links, `metadata` does not follow one either.
            Ok(e) => Found {
                meta: e.metadata().map(|m| Meta::of(&m)).map_err(Into::into),
                path: e.into_path(),
            },
            Err(e) => Found {
                path: e.path().unwrap_or(dir).to_path_buf(),
                meta: Err(e.into()),
            },
        })
        .collect()
}

fn add_meta(h: &mut Hasher, rel: &str, meta: Option<&Meta>) {
    h.add(rel.as_bytes());
    match meta {
        Some(m) => {
            h.add(&m.len.to_le_bytes());
            // Before 1970 counts as 1970, as it always has.
            let t = u128::try_from(m.mtime_ns).unwrap_or(0);
            h.add(&t.to_le_bytes());
        }
        None => h.add(b"missing"),
    }
}

fn add_file(h: &mut Hasher, path: &Path, rel: &str) {
    add_meta(h, rel, Meta::of_path(path).ok().as_ref());
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
    // A strict build after a lenient one must look again: the warnings the
    // lenient one let through now stop it.
    h.add(&[u8::from(opts.strict)]);
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
        // Each file hashed on both cores (a national site has 105,000),
        // then the hashes in order.
        let each: Vec<u8> = found
            .par_chunks(4096)
            .flat_map_iter(|chunk| {
                chunk.iter().flat_map(|f| {
                    let rel = f
                        .path
                        .strip_prefix(dir)
                        .unwrap_or(&f.path)
                        .to_string_lossy();
                    let mut one = Hasher::new();
                    add_meta(&mut one, &rel, f.meta.as_ref().ok());
                    one.finish().to_le_bytes()
                })
            })
            .collect();
        h.add(&each);
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
