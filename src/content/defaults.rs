//! Folder defaults: a `_defaults.yaml` in any folder under `content/models/`
//! or `content/awards/` gives front matter values to every entry in that
//! folder and below (a commune's editor writes its locality once). An
//! entry's own value wins, then the nearest folder's. This module owns
//! reading those files, checking them as front matter of their kind (an
//! error names the defaults file and line), and filling an entry's missing
//! keys; where a filled value is wrong, [`Origin`] lets the entry's checks
//! name the defaults file instead of the entry.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use serde_yaml_ng::{Mapping, Value};

use super::frontmatter::{self, Parsed, SourceFile, Split};
use super::keys::{self, Schema};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fingerprint::Found;

pub const FILE: &str = "_defaults.yaml";

/// One `_defaults.yaml`, read and checked.
#[derive(Debug)]
pub struct File {
    pub path: PathBuf,
    /// Its path under `content/`: what the parse cache's key hashes (the
    /// site folder may move).
    rel: PathBuf,
    /// Its YAML text (NFC, LF), which [`Origin`]s point into.
    text: String,
    values: Mapping,
}

/// Where a key an entry did not write came from: a defaults file and the
/// line of the key in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub path: PathBuf,
    pub line: usize,
}

impl File {
    fn split(&self) -> Split<'_> {
        Split {
            yaml: &self.text,
            yaml_line: 1,
            body: "",
        }
    }

    /// The file line of top-level `key`.
    pub fn key_line(&self, key: &str) -> usize {
        frontmatter::key_line(&self.split(), key)
    }
}

/// The keys an entry took from defaults files, and where each came from.
pub type Origins = BTreeMap<String, Origin>;

/// Every defaults file of the models and of the awards, by folder.
#[derive(Debug, Default)]
pub struct Defaults {
    models: BTreeMap<PathBuf, File>,
    awards: BTreeMap<PathBuf, File>,
}

/// Which entries a defaults file serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Models,
    Awards,
}

impl Defaults {
    /// Reads the `_defaults.yaml` files among `found` (a walk of
    /// `content`), each checked as the front matter of `R` for its kind
    /// (unknown keys, wrong types); a file with an error serves no entry.
    pub fn load<M: Schema, A: Schema>(
        content: &Path,
        found: &[Found],
        diags: &mut Diagnostics,
    ) -> Defaults {
        let mut out = Defaults::default();
        for f in found {
            if f.path.file_name().and_then(|n| n.to_str()) != Some(FILE) {
                continue;
            }
            let Ok(rel) = f.path.strip_prefix(content) else {
                continue;
            };
            let kind = match rel.components().next().and_then(|c| c.as_os_str().to_str()) {
                Some("models") => Kind::Models,
                Some("awards") => Kind::Awards,
                _ => continue,
            };
            if rel
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
            {
                continue;
            }
            let read = match kind {
                Kind::Models => read::<M>(&f.path, rel, diags),
                Kind::Awards => read::<A>(&f.path, rel, diags),
            };
            match read {
                Ok(file) => {
                    let dir = f.path.parent().unwrap_or(content).to_path_buf();
                    match kind {
                        Kind::Models => out.models.insert(dir, file),
                        Kind::Awards => out.awards.insert(dir, file),
                    };
                }
                Err(d) => diags.push(d),
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.models.is_empty() && self.awards.is_empty()
    }

    /// Each defaults file of `kind`: its folder and its values.
    pub fn files(&self, kind: Kind) -> impl Iterator<Item = (&Path, &Mapping)> {
        let map = match kind {
            Kind::Models => &self.models,
            Kind::Awards => &self.awards,
        };
        map.iter().map(|(dir, f)| (dir.as_path(), &f.values))
    }

    /// A hash of every defaults file's text: the parse cache holds entries
    /// as their defaults filled them, so it is tied to this.
    pub fn hash(&self) -> u64 {
        let mut h = DefaultHasher::new();
        for f in self.models.values().chain(self.awards.values()) {
            (&f.rel, &f.text).hash(&mut h);
        }
        h.finish()
    }

    /// The defaults files over the entry at `path`, the nearest first.
    fn over(&self, kind: Kind, path: &Path) -> Vec<&File> {
        let map = match kind {
            Kind::Models => &self.models,
            Kind::Awards => &self.awards,
        };
        if map.is_empty() {
            return Vec::new();
        }
        path.ancestors()
            .skip(1)
            .filter_map(|dir| map.get(dir))
            .collect()
    }

    /// The entry's front matter with the keys it does not write filled from
    /// the defaults over it, as `R`, and where each filled key came from;
    /// `None` when no defaults file is over it (the caller parses as usual).
    pub fn fill<R: Schema>(
        &self,
        kind: Kind,
        file: &SourceFile,
        split: &Split,
    ) -> Option<Result<(Parsed<R>, Origins), Diagnostic>> {
        let over = self.over(kind, &file.path);
        if over.is_empty() {
            return None;
        }
        // The entry alone first: its own errors are located in it.
        let own = match frontmatter::parse_map(file, split) {
            Ok(m) => m,
            Err(d) => return Some(Err(d)),
        };
        let keys::Clean {
            mut map,
            problems,
            failed,
        } = keys::clean::<R>(&file.path, split, own);
        let mut origins = BTreeMap::new();
        for d in over {
            for (k, v) in &d.values {
                let wrong = k.as_str().is_some_and(|k| failed.contains(k));
                if !map.contains_key(k) && !wrong {
                    map.insert(k.clone(), v.clone());
                    if let Some(key) = k.as_str() {
                        let line = d.key_line(key);
                        let path = d.path.clone();
                        origins.insert(key.to_string(), Origin { path, line });
                    }
                }
            }
        }
        Some(match serde_yaml_ng::from_value::<R>(Value::Mapping(map)) {
            Ok(value) => Ok((
                Parsed {
                    value,
                    problems,
                    failed,
                },
                origins,
            )),
            // Each file was checked alone; what fails together is a value
            // that only fails beside another (rare): name the entry.
            Err(_) => Err(Diagnostic::error(&file.path, "front-matter-bad").at(split.yaml_line, 1)),
        })
    }
}

/// Whether a `_defaults.yaml` is in a folder over the entry `rel` (a path
/// under the site folder `dir`), up to `content/`.
pub fn any_over(dir: &Path, rel: &Path) -> bool {
    let content = dir.join("content");
    dir.join(rel)
        .ancestors()
        .skip(1)
        .take_while(|d| d.starts_with(&content) && *d != content)
        .any(|d| d.join(FILE).is_file())
}

/// Reads one defaults file and checks it as front matter of type `R`.
/// Reads a defaults file; its wrong keys are reported (into `diags`) and
/// left out, the others still apply.
fn read<R: Schema>(path: &Path, rel: &Path, diags: &mut Diagnostics) -> Result<File, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| crate::diag::io_error(path, &e))?;
    let source = frontmatter::decode(path, &bytes)?;
    let split = Split {
        yaml: &source.text,
        yaml_line: 1,
        body: "",
    };
    let map = frontmatter::parse_map(&source, &split)?;
    let clean = keys::clean::<R>(path, &split, map);
    diags.extend(clean.problems);
    let values = clean.map;
    Ok(File {
        path: path.to_path_buf(),
        rel: rel.to_path_buf(),
        text: source.text,
        values,
    })
}
