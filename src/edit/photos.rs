//! Photos an editor adds in the browser editor: an upload is made ready
//! at once ([`stage`]: orientation applied, metadata stripped unless the
//! editor keeps the original, size checked) into a staging folder under
//! the site's `.kheo/`, and lands in `content/` only when the entry is
//! saved ([`commit`]: moved into the entry's bundle, an `x.md` entry
//! becoming `x/index.md`). So a form that is never saved writes nothing
//! under `content/`, and a new entry can take photos before its file
//! exists. It does not parse requests or draw the form.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::l10n::Msg;

/// Where staged uploads wait, under the site folder; one folder per
/// upload, named by its id.
pub const STAGING: &str = ".kheo/tai-len";

/// An upload made ready, waiting in [`STAGING`] for its entry's save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Staged {
    /// The upload's folder under [`STAGING`]: random, safe in a path.
    pub id: String,
    /// The file name it will have in the bundle: safe for a path and a
    /// URL, from the uploaded name.
    pub name: String,
    pub width: u32,
    pub height: u32,
    /// The bytes of the file that will land in `content/`.
    pub bytes: u64,
    /// What a citizen downloads for it on a phone: the bytes of the
    /// published AVIF at the width the model page shows.
    pub published_bytes: u64,
    /// The original bytes were kept (the editor asked): metadata stays.
    pub kept_original: bool,
}

/// Why an upload or its move into the bundle failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoError {
    /// Not a photo kheo can publish, or a broken one (`detail` says why).
    Unreadable { name: String, detail: String },
    /// The staged upload is gone or its id is not one of ours.
    Missing { id: String },
    /// The entry's path is refused (outside `content/`, a link…).
    Entry(super::write::WriteError),
    /// The file system refused.
    Io { path: PathBuf, detail: String },
}

impl PhotoError {
    /// The message for the editor.
    pub fn msg(&self) -> Msg {
        match self {
            PhotoError::Unreadable { name, detail } => Msg::new("edit-photo-unreadable")
                .arg("name", name.as_str())
                .arg("detail", detail.as_str()),
            PhotoError::Missing { id } => Msg::new("edit-photo-missing").arg("id", id.as_str()),
            PhotoError::Entry(e) => e.msg(),
            PhotoError::Io { path, detail } => Msg::new("edit-io")
                .path("path", path)
                .arg("detail", detail.as_str()),
        }
    }
}

/// Makes the uploaded `bytes` (named `upload_name` on the editor's
/// machine) ready under [`STAGING`] of the site folder `site`.
pub fn stage(
    site: &Path,
    upload_name: &str,
    bytes: &[u8],
    keep_original: bool,
) -> Result<Staged, PhotoError> {
    // Implemented on the `upload` branch.
    let _ = (site, bytes, keep_original);
    Err(PhotoError::Unreadable {
        name: upload_name.to_string(),
        detail: "not yet".to_string(),
    })
}

/// The staged file `id`/`name`, when both are ours (no `..`, no `/`)
/// and it exists: for the form's thumbnail and the preview.
pub fn staged_path(site: &Path, id: &str, name: &str) -> Option<PathBuf> {
    let _ = (site, id, name);
    None
}

/// What [`commit`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    /// The entry's path after the move (`x.md` becomes `x/index.md`).
    pub entry_rel: String,
    /// Each staged name and the name it got in the bundle (a number is
    /// added when the bundle has a file of that name already).
    pub names: Vec<(String, String)>,
}

/// Moves the staged `photos` (`(id, name)` pairs) into the bundle of the
/// entry `entry_rel` (a `/`-separated path under `site`, as
/// [`super::write::entry_path`] takes), turning a plain `x.md` into
/// `x/index.md` first. Never replaces a file. The caller then writes the
/// entry at [`Committed::entry_rel`] with the images' new names.
pub fn commit(
    site: &Path,
    entry_rel: &str,
    photos: &[(String, String)],
) -> Result<Committed, PhotoError> {
    // Implemented on the `upload` branch.
    let _ = site;
    Ok(Committed {
        entry_rel: entry_rel.to_string(),
        names: photos.iter().map(|(_, n)| (n.clone(), n.clone())).collect(),
    })
}
