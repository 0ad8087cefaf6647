//! The files of the open data at `/du-lieu/`, and writing them.
//!
//! A national site's models make hundreds of megabytes of JSON and CSV: too
//! large for one file on a free host (Cloudflare Pages takes 25 MiB a file)
//! and for a citizen's spreadsheet. So the models are split by province,
//! one CSV and one JSON file each at `du-lieu/mo-hinh/<tinh>.csv|json`, and
//! the whole set is also published zipped (`mo-hinh-csv.zip`,
//! `mo-hinh-json.zip`: a zip opens on Windows without extra software). The
//! awards, a few thousand records, stay whole (`khen-thuong.csv|json`).
//! What each record holds: `opendata.rs`.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, Write};

use rayon::prelude::*;

use super::cards::Urls;
use super::opendata::{self, AWARD_COLUMNS, Keys, MODEL_COLUMNS};
use super::table::Table;
use super::{Renderer, Sink, incremental};
use crate::diag::Diagnostic;
use crate::locality::NodeId;
use crate::site::Site;

/// The folder of the per-province model files.
pub const MODELS_DIR: &str = "du-lieu/mo-hinh/";
/// The whole set of models, zipped: (path, name of the file inside).
pub const CSV_ZIP: (&str, &str) = ("du-lieu/mo-hinh-csv.zip", "mo-hinh.csv");
pub const JSON_ZIP: (&str, &str) = ("du-lieu/mo-hinh-json.zip", "mo-hinh.json");
pub const AWARDS_JSON: &str = "du-lieu/khen-thuong.json";
pub const AWARDS_CSV: &str = "du-lieu/khen-thuong.csv";
/// The name of the files of the models that have no locality.
const NO_LOCALITY: &str = "chua-ro-dia-ban";

/// The models of one province (or of none), in the site's listing order.
#[derive(Debug, Clone)]
pub struct Group {
    /// The file name without its extension: the province's slug.
    pub slug: String,
    /// The province's node; `None` for the models without a locality.
    pub node: Option<NodeId>,
    pub models: Vec<usize>,
}

/// The per-province groups of models, in the tree's order of provinces;
/// the models without a locality last.
pub fn groups(site: &Site) -> Vec<Group> {
    let mut out: Vec<Group> = site
        .tree
        .roots
        .iter()
        .filter(|&&r| !site.node_models[r].is_empty())
        .map(|&r| Group {
            slug: site.tree.nodes[r].slug.clone(),
            node: Some(r),
            models: site.node_models[r].clone(),
        })
        .collect();
    let loose: Vec<usize> = (0..site.models.len())
        .filter(|&i| site.models[i].locality.is_empty())
        .collect();
    if !loose.is_empty() {
        let mut slug = NO_LOCALITY.to_string();
        let mut n = 1;
        while out.iter().any(|g| g.slug == slug) {
            n += 1;
            slug = format!("{NO_LOCALITY}-{n}");
        }
        out.push(Group {
            slug,
            node: None,
            models: loose,
        });
    }
    out
}

/// A group's CSV and JSON paths.
pub fn group_paths(g: &Group) -> (String, String) {
    (
        format!("{MODELS_DIR}{}.csv", g.slug),
        format!("{MODELS_DIR}{}.json", g.slug),
    )
}

/// How a file is written.
enum Out<'a> {
    /// As a table, whose records an output folder may copy from its last
    /// build.
    Table(Table<'a>),
    /// As the one file of a zip archive, made whole.
    Zip(&'static str, Table<'a>),
}

/// Every open data file, with the fingerprint of what it shows (0 when
/// the sink keeps nothing) and how to write it.
fn files<'a>(
    site: &'a Site,
    urls: &'a Urls,
    keys: Option<&Keys>,
    (base, whole): (u64, u64),
) -> Vec<(String, u64, Out<'a>)> {
    let n = site.models.len();
    let model_keys = |rows: &[usize]| -> Vec<u64> {
        keys.map_or_else(
            || vec![0; rows.len()],
            |k| rows.iter().map(|&i| k.models[i]).collect(),
        )
    };
    // A file shows its records in order: its fingerprint is theirs (and
    // `base`'s: kheo's binary and the site's configuration).
    let fp = |path: &str, keys: &[u64]| -> u64 {
        if base == 0 {
            return 0;
        }
        let mut h = DefaultHasher::new();
        (base, path, keys).hash(&mut h);
        h.finish().max(1)
    };
    let mut out = Vec::new();
    for g in groups(site) {
        let (csv, json) = group_paths(&g);
        let keys = model_keys(&g.models);
        let rows = g.models.clone();
        let table = opendata::csv_table(
            MODEL_COLUMNS,
            keys.clone(),
            Box::new(move |j, buf| opendata::model_csv(site, urls, rows[j], buf)),
        );
        out.push((csv.clone(), fp(&csv, &keys), Out::Table(table)));
        let rows = g.models;
        let table = opendata::json_table(
            keys.clone(),
            Box::new(move |j, buf| opendata::model_json(site, urls, rows[j], buf)),
        );
        out.push((json.clone(), fp(&json, &keys), Out::Table(table)));
    }
    let award_keys = keys.map_or_else(|| vec![0; site.awards.len()], |k| k.awards.clone());
    let table = opendata::json_table(
        award_keys.clone(),
        Box::new(move |i, buf| opendata::award_json(site, urls, i, buf)),
    );
    out.push((
        AWARDS_JSON.into(),
        fp(AWARDS_JSON, &award_keys),
        Out::Table(table),
    ));
    let table = opendata::csv_table(
        AWARD_COLUMNS,
        award_keys.clone(),
        Box::new(move |i, buf| opendata::award_csv(site, urls, i, buf)),
    );
    out.push((
        AWARDS_CSV.into(),
        fp(AWARDS_CSV, &award_keys),
        Out::Table(table),
    ));
    // The zips show every model: they change with any of them.
    let table = opendata::csv_table(
        MODEL_COLUMNS,
        vec![0; n],
        Box::new(move |i, buf| opendata::model_csv(site, urls, i, buf)),
    );
    out.push((
        CSV_ZIP.0.into(),
        fp(CSV_ZIP.0, &[whole]),
        Out::Zip(CSV_ZIP.1, table),
    ));
    let table = opendata::json_table(
        vec![0; n],
        Box::new(move |i, buf| opendata::model_json(site, urls, i, buf)),
    );
    out.push((
        JSON_ZIP.0.into(),
        fp(JSON_ZIP.0, &[whole]),
        Out::Zip(JSON_ZIP.1, table),
    ));
    out
}

/// Writes `table` as the one file `name` of a zip archive. The archive is
/// the same for the same records on every system (no time stamp, fixed
/// permissions, and a fixed "made by" system, which would otherwise be
/// DOS on Windows) and is
/// streamed: no file is held in memory whole. Deflate's level 4 keeps it
/// within a few percent of the default level's size for half the time.
fn write_zip(w: &mut dyn Write, name: &str, table: &Table<'_>) -> io::Result<()> {
    use zip::write::SimpleFileOptions;
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(4))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
        .system(zip::System::Unix)
        .large_file(true);
    let mut zip = zip::ZipWriter::new_stream(w);
    zip.start_file(name, options).map_err(io::Error::other)?;
    table.write_all(&mut zip)?;
    zip.finish().map_err(io::Error::other)?;
    Ok(())
}

impl Renderer<'_> {
    /// Writes the open data files (errors into `errs`); returns how many.
    pub(super) fn write_data(&self, sink: &dyn Sink, errs: &mut Vec<Diagnostic>) -> usize {
        let fingerprints = sink.wants_fingerprints() && !self.model_hashes.is_empty();
        // The open data shows no body: a body edit leaves it as it is.
        let fps = if fingerprints {
            (
                incremental::data_fingerprint(self, 0, "du-lieu/"),
                incremental::data_hash(self),
            )
        } else {
            (0, 0)
        };
        let keys = fingerprints.then(|| incremental::data_keys(self));
        let files = files(self.site, &self.urls, keys.as_ref(), fps);
        errs.extend(
            files
                .par_iter()
                .filter(|(path, fp, _)| *fp == 0 || !sink.keep(path, *fp))
                .filter_map(|(path, fp, out)| match out {
                    Out::Table(table) => sink.write_table(path, *fp, table).err(),
                    // Named, not made: `check` needs the path for links.
                    Out::Zip(..) if sink.discards() => sink.write(path, &[]).err(),
                    Out::Zip(name, table) => sink
                        .write_stream(path, *fp, &mut |w| write_zip(w, name, table))
                        .err(),
                })
                .collect::<Vec<_>>(),
        );
        files.len()
    }
}
