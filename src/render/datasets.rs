//! The files of the open data at `/du-lieu/`, and writing them.
//!
//! A national site's models make hundreds of megabytes of JSON and CSV: too
//! large for one file on a free host (Cloudflare Pages takes 25 MiB a file)
//! and for a citizen's spreadsheet. So the models are split by province,
//! one CSV file each at `du-lieu/mo-hinh/<tinh>.csv`, the file a citizen's
//! spreadsheet opens, and the whole set is published zipped
//! (`mo-hinh-csv.zip`, `mo-hinh-json.zip`, each holding one file per
//! province under the name `mo-hinh/<tinh>.csv|json`: a zip opens on
//! Windows without extra software, and a province's part can be copied
//! from the last archive). The JSON, for developers, is published in its
//! archive only: as files of its own it would be the largest part of the
//! output on a free host, for readers who take the archive anyway. The
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
/// The whole set of models, zipped: the province files in one archive.
pub const CSV_ZIP: &str = "du-lieu/mo-hinh-csv.zip";
pub const JSON_ZIP: &str = "du-lieu/mo-hinh-json.zip";
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

/// A group's CSV path (published) and JSON path (its name in the JSON
/// archive, under `du-lieu/`).
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
    /// As a zip archive of parts.
    Zip(Vec<Part<'a>>),
}

/// A file inside a zip archive of the whole set: a province's file, under
/// its path in `du-lieu/`, so the archive of CSV unpacks to the same files
/// the data page links.
struct Part<'a> {
    /// Its name in the archive.
    name: String,
    /// The output path of the same bytes when they are published (a
    /// province's CSV), whose writing this build the part is copied from.
    published: Option<String>,
    /// The province's CSV, and its fingerprint in this build: when the
    /// last build recorded that CSV with the same fingerprint, the
    /// province's records did not change, and the part is copied from the
    /// last archive.
    witness: String,
    fp: u64,
    table: Table<'a>,
}

/// Every open data file, with the fingerprint of what it shows (0 when
/// the sink keeps nothing) and how to write it.
fn files<'a>(
    site: &'a Site,
    urls: &'a Urls,
    keys: Option<&Keys>,
    (base, whole): (u64, u64),
) -> Vec<(String, u64, Out<'a>)> {
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
    let csv = |rows: Vec<usize>, keys: Vec<u64>| {
        opendata::csv_table(
            MODEL_COLUMNS,
            keys,
            Box::new(move |j, buf| opendata::model_csv(site, urls, rows[j], buf)),
        )
    };
    let json = |rows: Vec<usize>, keys: Vec<u64>| {
        opendata::json_table(
            keys,
            Box::new(move |j, buf| opendata::model_json(site, urls, rows[j], buf)),
        )
    };
    let mut out = Vec::new();
    let (mut csv_parts, mut json_parts) = (Vec::new(), Vec::new());
    for g in groups(site) {
        let (csv_path, json_path) = group_paths(&g);
        let keys = model_keys(&g.models);
        let table = |is_csv: bool| {
            let (rows, keys) = (g.models.clone(), keys.clone());
            if is_csv {
                csv(rows, keys)
            } else {
                json(rows, keys)
            }
        };
        // The CSV and the JSON of a province show the same records: the
        // CSV's fingerprint vouches for both parts.
        let f = fp(&csv_path, &keys);
        for (path, is_csv, parts) in [
            (&csv_path, true, &mut csv_parts),
            (&json_path, false, &mut json_parts),
        ] {
            parts.push(Part {
                name: path["du-lieu/".len()..].to_string(),
                published: is_csv.then(|| csv_path.clone()),
                witness: csv_path.clone(),
                fp: f,
                table: table(is_csv),
            });
        }
        out.push((csv_path.clone(), f, Out::Table(table(true))));
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
    // The archives show every model: they change with any of them.
    out.push((CSV_ZIP.into(), fp(CSV_ZIP, &[whole]), Out::Zip(csv_parts)));
    out.push((
        JSON_ZIP.into(),
        fp(JSON_ZIP, &[whole]),
        Out::Zip(json_parts),
    ));
    out
}

/// The options of every file in the archives: the same archive for the
/// same records on every system (no time stamp, fixed permissions, and a
/// fixed "made by" system, which would otherwise be DOS on Windows).
/// Deflate's level 4 keeps within a few percent of the default level's
/// size for half the time.
fn part_options() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(4))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
        .system(zip::System::Unix)
}

/// `part` compressed, as an archive of its own to copy it from: from the
/// province's file as this build wrote it when the sink gives it back
/// (the same bytes, not made a second time), else made from the records.
fn compress(part: &Part<'_>, sink: &dyn Sink) -> io::Result<zip::ZipArchive<io::Cursor<Vec<u8>>>> {
    let mut zip = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
    zip.start_file(part.name.as_str(), part_options())
        .map_err(io::Error::other)?;
    let replayed = match part.published.as_ref().and_then(|p| sink.written(p)) {
        Some((file, lens)) => {
            let len = file.metadata()?.len();
            let mut read = io::BufReader::with_capacity(1 << 20, file);
            part.table.replay(&mut read, len, &lens, &mut zip)?
        }
        None => false,
    };
    if !replayed {
        part.table.write_all(&mut zip)?;
    }
    let bytes = zip.finish().map_err(io::Error::other)?.into_inner();
    zip::ZipArchive::new(io::Cursor::new(bytes)).map_err(io::Error::other)
}

/// Writes the archive at `path` of `parts`. A field edit changes one
/// province's files, and compressing the whole set again was a third of
/// its rebuild: a part whose province's CSV the last build recorded with
/// this build's fingerprint, and which the last archive (checked whole
/// against the manifest by [`Sink::open_last`]) holds (a published part:
/// with that file's length and CRC-32), is copied from there still
/// compressed. The others are compressed on both cores, and every part is
/// copied into the archive the same way, so that the bytes are those of a
/// fresh build.
fn write_zip(w: &mut dyn Write, path: &str, parts: &[Part<'_>], sink: &dyn Sink) -> io::Result<()> {
    let mut last = sink
        .open_last(path)
        .and_then(|f| zip::ZipArchive::new(f).ok());
    let mut kept = vec![false; parts.len()];
    if let Some(last) = &mut last {
        for (part, kept) in parts.iter().zip(&mut kept) {
            *kept = part.fp != 0
                && sink
                    .last_entry(&part.witness)
                    .is_some_and(|(len, crc, fp)| {
                        fp == part.fp
                            && last.by_name_raw(part.name.as_bytes()).is_ok_and(|e| {
                                part.published.is_none() || (e.size(), e.crc32()) == (len, crc)
                            })
                    });
        }
    }
    let made: Vec<Option<io::Result<_>>> = parts
        .par_iter()
        .zip(&kept)
        .map(|(part, &kept)| (!kept).then(|| compress(part, sink)))
        .collect();
    let mut zip = zip::ZipWriter::new_stream(w);
    for (part, made) in parts.iter().zip(made) {
        let copied = match (made, &mut last) {
            (Some(made), _) => zip.raw_copy_file(made?.by_index_raw(0).map_err(io::Error::other)?),
            (None, Some(last)) => zip.raw_copy_file(
                last.by_name_raw(part.name.as_bytes())
                    .map_err(io::Error::other)?,
            ),
            (None, None) => return Err(io::Error::other("no last archive")),
        };
        copied.map_err(io::Error::other)?;
    }
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
        // The tables first, then the archives of them (`compress`).
        let (tables, zips): (Vec<_>, Vec<_>) = files
            .iter()
            .partition(|(_, _, out)| matches!(out, Out::Table(_)));
        errs.extend(
            [tables, zips]
                .iter()
                .flat_map(|files| self.write_files(sink, files))
                .collect::<Vec<_>>(),
        );
        files.len()
    }

    fn write_files(&self, sink: &dyn Sink, files: &[&(String, u64, Out<'_>)]) -> Vec<Diagnostic> {
        files
            .par_iter()
            .filter(|(path, fp, _)| *fp == 0 || !sink.keep(path, *fp))
            .filter_map(|(path, fp, out)| match out {
                Out::Table(table) => sink.write_table(path, *fp, table).err(),
                // Named, not made: `check` needs the path for links.
                Out::Zip(..) if sink.discards() => sink.write(path, &[]).err(),
                Out::Zip(parts) => sink
                    .write_stream(path, *fp, &mut |w| write_zip(w, path, parts, sink))
                    .err(),
            })
            .collect::<Vec<_>>()
    }
}
