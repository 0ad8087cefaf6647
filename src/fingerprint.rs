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

/// What the walk keeps of a file's `statx`: its kind, length, times and
/// inode, the fields a build compares (see [`crate::content::cache::Stamp`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    pub kind: Kind,
    pub len: u64,
    /// Nanoseconds since 1970 (negative before).
    pub mtime_ns: i128,
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

    /// What `statx` says of `name` in the open folder `dir`, without
    /// following a symbolic link: only the fields kept are asked for.
    fn of(dir: rustix::fd::BorrowedFd<'_>, name: &std::ffi::CStr) -> std::io::Result<Meta> {
        use rustix::fs::{AtFlags, FileType, StatxFlags, statx};
        let want = StatxFlags::TYPE
            | StatxFlags::SIZE
            | StatxFlags::MTIME
            | StatxFlags::CTIME
            | StatxFlags::INO;
        let st = statx(dir, name, AtFlags::SYMLINK_NOFOLLOW, want)?;
        let ns = |t: rustix::fs::StatxTimestamp| {
            i128::from(t.tv_sec) * 1_000_000_000 + i128::from(t.tv_nsec)
        };
        let kind = match FileType::from_raw_mode(u32::from(st.stx_mode)) {
            FileType::RegularFile => Kind::File,
            FileType::Directory => Kind::Dir,
            FileType::Symlink => Kind::Symlink,
            _ => Kind::Other,
        };
        Ok(Meta {
            kind,
            len: st.stx_size,
            mtime_ns: ns(st.stx_mtime),
            ctime_ns: ns(st.stx_ctime),
            ino: st.stx_ino,
        })
    }

    /// The same of a path.
    pub fn of_path(path: &Path) -> std::io::Result<Meta> {
        Meta::of(rustix::fs::CWD, &path_cstr(path)?)
    }
}

fn path_cstr(path: &Path) -> std::io::Result<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|_| std::io::Error::other("a path with a NUL byte"))
}

/// A file or folder found by [`walk`], with what `statx` says of it, or
/// why its folder could not be listed.
#[derive(Debug)]
pub struct Found {
    pub path: PathBuf,
    pub meta: std::io::Result<Meta>,
}

/// Everything under `root` (not `root` itself), depth first, the names of
/// each folder sorted; symbolic links are listed, not followed. A folder
/// that cannot be listed is found a second time, with the error. Each
/// entry is read from its open folder (`getdents`) and `statx`ed relative
/// to it, asking only for the fields kept: on a national site this walk is
/// most of a rebuild that has nothing to do, and a fifth of a one-edit one.
pub fn walk(root: &Path) -> Vec<Found> {
    let mut out = Vec::new();
    walk_into(root, &mut out);
    out
}

/// The entries of a folder, sorted by name, each with its `statx`.
fn list(dir: &Path) -> std::io::Result<Vec<(std::ffi::CString, std::io::Result<Meta>)>> {
    use rustix::fs::{Dir, Mode, OFlags, openat};
    let fd = openat(
        rustix::fs::CWD,
        path_cstr(dir)?.as_c_str(),
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    let mut entries = Vec::new();
    // The stream owns the folder's descriptor, which `statx` is given too.
    let mut d = Dir::new(fd)?;
    while let Some(e) = d.read() {
        match e {
            Ok(e) => {
                let name = e.file_name();
                if name == c"." || name == c".." {
                    continue;
                }
                let meta = Meta::of(d.fd()?, name);
                entries.push((name.to_owned(), meta));
            }
            Err(e) => entries.push((std::ffi::CString::default(), Err(e.into()))),
        }
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

fn walk_into(dir: &Path, out: &mut Vec<Found>) {
    use std::os::unix::ffi::OsStrExt;
    let entries = match list(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Found {
                path: dir.to_path_buf(),
                meta: Err(e),
            });
            return;
        }
    };
    let path_of = |name: &std::ffi::CStr| dir.join(std::ffi::OsStr::from_bytes(name.to_bytes()));
    let has_folders = entries
        .iter()
        .any(|(_, m)| m.as_ref().is_ok_and(Meta::is_dir));
    if !has_folders {
        out.reserve(entries.len());
        out.extend(entries.into_iter().map(|(name, meta)| Found {
            path: path_of(&name),
            meta,
        }));
        return;
    }
    // Sub-folders (a site's provinces, say) are walked in parallel.
    let parts: Vec<Vec<Found>> = entries
        .into_par_iter()
        .map(|(name, meta)| {
            let path = path_of(&name);
            let is_dir = meta.as_ref().is_ok_and(Meta::is_dir);
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
    out.reserve(parts.iter().map(Vec::len).sum());
    out.extend(parts.into_iter().flatten());
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
