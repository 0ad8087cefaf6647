//! A fingerprint of everything a build reads, so that a rebuild with
//! nothing changed can stop after a walk of the site's folders.
//!
//! It covers: this kheo binary (version, path, size, modification time),
//! the build options that change output, and the path, size and
//! modification time of every file under `site.yaml`, `content/`,
//! `static/`, `templates/`, `themes/` and `i18n/`. Editors save files, which
//! changes their modification time; a tool that rewrites a file with the
//! same size and time defeats it, which is why `--force` always rebuilds.

use std::path::Path;
use std::time::UNIX_EPOCH;

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

fn add_file(h: &mut Hasher, path: &Path, rel: &str) {
    h.add(rel.as_bytes());
    match std::fs::symlink_metadata(path) {
        Ok(m) => {
            h.add(&m.len().to_le_bytes());
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            h.add(&t.to_le_bytes());
        }
        Err(_) => h.add(b"missing"),
    }
}

/// The fingerprint of a build of `opts`.
pub fn of(opts: &BuildOptions) -> u64 {
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
    for top in ["content", "static", "templates", "themes", "i18n"] {
        let root = dir.join(top);
        if !root.is_dir() {
            h.add(top.as_bytes());
            continue;
        }
        // Folders too: an added or removed file changes its folder's time,
        // and a folder's listing is part of what a build reads.
        for e in walkdir::WalkDir::new(&root)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap_or(e.path())
                .to_string_lossy()
                .into_owned();
            add_file(&mut h, e.path(), &rel);
        }
    }
    h.finish()
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
