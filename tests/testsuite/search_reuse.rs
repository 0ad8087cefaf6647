//! The search index of a rebuild, updated from the last build's index
//! (`kheo::search::reuse`): byte for byte the index a whole build makes,
//! only the entries read anew cut into words again, and a damaged or
//! forged last index never trusted.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

use kheo::diag::{Diagnostic, Diagnostics};
use kheo::search::encode::{put_set, put_str, put_varint};
use kheo::search::{DIR, Since, Stats, write_index};

use crate::incremental::sample_copy;

type Files = BTreeMap<String, Vec<u8>>;

/// A sink that keeps what is written, by path.
struct MapSink(Mutex<Files>);

impl kheo::render::Sink for MapSink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.0
            .lock()
            .expect("lock")
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        self.write(path, &std::fs::read(from).expect("read"))
    }
}

fn load(dir: &Path) -> kheo::site::Site {
    let mut diags = Diagnostics::new();
    let opts = kheo::BuildOptions {
        dir: dir.to_path_buf(),
        ..kheo::BuildOptions::default()
    };
    let site = kheo::load_site(&opts, &mut diags);
    assert!(!diags.has_errors(), "{diags:?}");
    site
}

/// The index of `site`, from `last` when given, with the entries at
/// `anew` read anew since.
fn index(site: &kheo::site::Site, last: Option<&Files>, anew: &[PathBuf]) -> (Files, Stats) {
    let fetch = |name: &str| last.and_then(|f| f.get(&format!("{DIR}{name}")).cloned());
    let anew: HashSet<&Path> = anew.iter().map(PathBuf::as_path).collect();
    let since = last.map(|_| Since {
        fetch: &fetch,
        anew: &anew,
    });
    let sink = MapSink(Mutex::new(Files::new()));
    let stats = write_index(site, &sink, since, &AtomicBool::new(false))
        .expect("no error")
        .expect("not stopped");
    (sink.0.into_inner().expect("lock"), stats)
}

/// The index whose files are `files`, read as the client reads them.
fn open(files: &Files) -> kheo::search::read::Index {
    let copy = files.clone();
    kheo::search::read::Index::open_with(Box::new(move |name: &str| {
        copy.get(&format!("{DIR}{name}"))
            .cloned()
            .ok_or_else(|| name.to_string())
    }))
    .expect("open")
}

/// The checksum `manifest.json` names: of every other file, in order.
fn stamp(files: &mut Files) {
    let num = |p: &str, dir: &str, ext: &str| -> Option<usize> {
        p.strip_prefix(&format!("{DIR}{dir}/"))?
            .strip_suffix(ext)?
            .parse()
            .ok()
    };
    let mut crc = crc32fast::Hasher::new();
    let facets = format!("{DIR}facets.bin");
    crc.update(facets.as_bytes());
    crc.update(&files[&facets]);
    for (dir, ext) in [("t", ".bin"), ("s", ".bin")] {
        let mut these: Vec<(usize, &String)> = files
            .keys()
            .filter_map(|p| Some((num(p, dir, ext)?, p)))
            .collect();
        these.sort();
        for (_, p) in these {
            crc.update(p.as_bytes());
            crc.update(&files[p]);
        }
    }
    // Display data in record order, as the index names its files.
    for (name, _) in open(files).display_files() {
        let p = format!("{DIR}{name}");
        crc.update(p.as_bytes());
        crc.update(files.get(&p).map_or(&[][..], Vec::as_slice));
    }
    let man = format!("{DIR}manifest.json");
    let mut json: serde_json::Value = serde_json::from_slice(&files[&man]).expect("json");
    json["id"] = format!("{:08x}", crc.finalize()).into();
    files.insert(man, serde_json::to_vec(&json).expect("json"));
}

fn model_path(site: &kheo::site::Site, file: &str) -> PathBuf {
    site.models
        .iter()
        .find(|m| m.path.ends_with(file))
        .map(|m| m.path.clone())
        .expect("model")
}

#[test]
fn a_rebuild_updates_the_last_index_to_the_bytes_of_a_whole_one() {
    let tmp = sample_copy();
    let dir = tmp.path();
    let site = load(dir);
    let (whole, s) = index(&site, None, &[]);
    assert_eq!(s.redone, s.records, "a first index cuts every record");
    assert!(s.records > 20, "the sample site has {} records", s.records);

    // Nothing read anew: every record is taken over, to the same bytes.
    let (again, s) = index(&site, Some(&whole), &[]);
    assert_eq!(s.redone, 0);
    assert!(again == whole, "an index taken over whole differs");

    // A body edit (new words), a title edit (the record moves in the
    // order), a new model and a deleted one.
    let models: Vec<PathBuf> = site.models.iter().map(|m| m.path.clone()).collect();
    let (body, title, gone) = (&models[0], &models[1], &models[2]);
    let text = std::fs::read_to_string(body).expect("read");
    std::fs::write(body, format!("{text}\nTừ mới: QUYXANHLAM đồng lòng.\n")).expect("write");
    let text = std::fs::read_to_string(title).expect("read");
    std::fs::write(title, text.replacen("title: ", "title: Ánh sáng mới – ", 1)).expect("write");
    std::fs::remove_file(gone).expect("rm");
    let new = body.with_file_name("mo-hinh-moi-them.md");
    std::fs::write(
        &new,
        crate::common::model(
            "Mô hình mới thêm vào",
            "Hải Phòng / Hải An",
            "kinh-te",
            2024,
            "summary: Chi hội trồng cây XANHMUOTLA.\n",
        ),
    )
    .expect("write");
    let site = load(dir);
    let anew = [
        body.clone(),
        title.clone(),
        model_path(&site, "mo-hinh-moi-them.md"),
    ];
    let (updated, s) = index(&site, Some(&whole), &anew);
    let (fresh, f) = index(&site, None, &[]);
    assert_eq!(s.redone, 3, "only the entries read anew are cut again");
    assert_eq!(s.records, f.records);
    assert_eq!(
        updated.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &fresh {
        assert!(updated[path] == *bytes, "{path} differs from a whole index");
    }
    // And it answers: the new words find their records.
    let out = tempfile::tempdir().expect("temp dir");
    for (path, bytes) in &updated {
        let p = out.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }
    let idx = kheo::search::read::Index::open(out.path()).expect("open");
    for word in ["quyxanhlam", "xanhmuotla", "anh sang moi"] {
        let a = idx.search(word, &[]).expect("search");
        assert_eq!(a.ids.len(), 1, "{word}");
        assert!(!a.partial, "{word}");
    }
    let added = idx.search("mo hinh moi them vao", &[]).expect("search");
    assert!(!added.ids.is_empty() && !added.partial);
}

#[test]
fn a_damaged_or_forged_last_index_is_not_trusted() {
    let tmp = sample_copy();
    let site = load(tmp.path());
    let (whole, _) = index(&site, None, &[]);
    let chunk = format!("{DIR}t/0.bin");
    let group = whole
        .keys()
        .find(|p| p.starts_with(&format!("{DIR}m/")))
        .expect("a display-data file")
        .clone();
    let mut forged: Vec<(&str, Files)> = Vec::new();
    // A well-formed chunk whose first word claims one more record: only
    // the checksum tells.
    let mut f = whole.clone();
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, bytes) in &whole {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }
    let idx = kheo::search::read::Index::open(dir.path()).expect("open");
    let (mut entries, _) = idx.chunk(0).expect("chunk");
    let n = idx.manifest.n as u32;
    let first = &mut entries[0].1;
    let extra = (0..n)
        .find(|i| !first.all.contains(i))
        .expect("a record without it");
    first.all.push(extra);
    first.all.sort_unstable();
    let mut bytes = Vec::new();
    put_varint(&mut bytes, entries.len() as u64);
    for (word, e) in &entries {
        put_str(&mut bytes, word);
        put_set(&mut bytes, &e.all, n);
        put_set(&mut bytes, &e.head, n);
        put_varint(&mut bytes, e.spellings);
    }
    f.insert(chunk.clone(), bytes);
    forged.push(("a set changed", f));
    // Checksums made to match: a cut chunk, an id past the records, a
    // display-data file of the wrong shape, a file missing.
    let mut f = whole.clone();
    let half = f[&chunk].len() / 2;
    f.get_mut(&chunk).expect("chunk").truncate(half);
    stamp(&mut f);
    forged.push(("a cut chunk", f));
    let mut f = whole.clone();
    let n = site.models.len() + site.awards.len() + site.pages.len();
    // One entry: the word "zzzzz" in records [4n, 4n] (runs form), in
    // no title, with no spellings.
    let mut entry = vec![1u8, 5];
    entry.extend_from_slice(b"zzzzz");
    entry.extend_from_slice(&[3, 1]);
    let mut v = n as u64 * 4;
    while v >= 0x80 {
        entry.push((v as u8) | 0x80);
        v >>= 7;
    }
    entry.extend_from_slice(&[v as u8, 0, 0, 0, 0]);
    let chunks = whole
        .keys()
        .filter(|p| p.starts_with(&format!("{DIR}t/")))
        .count();
    f.insert(format!("{DIR}t/{}.bin", chunks - 1), entry);
    stamp(&mut f);
    forged.push(("an id past the records", f));
    let mut f = whole.clone();
    f.insert(group.clone(), b"[[\"x\"]]".to_vec());
    stamp(&mut f);
    forged.push(("display data of the wrong shape", f));
    let mut f = whole.clone();
    f.remove(&group);
    forged.push(("a missing file", f));
    for (what, last) in &forged {
        let (made, s) = index(&site, Some(last), &[]);
        assert_eq!(s.redone, s.records, "{what}: the last index was trusted");
        assert!(made == whole, "{what}: the index differs from a whole one");
    }
}

/// The display data of a model added, then removed, changes only the
/// files of its facet run (its kind, province, field and year): on a
/// national site an edit adding a model otherwise rewrites thousands of
/// files whose records only moved by one.
#[test]
fn a_model_added_or_removed_changes_only_the_display_files_of_its_run() {
    let tmp = sample_copy();
    let dir = tmp.path();
    let site = load(dir);
    let (before, _) = index(&site, None, &[]);
    // A copy, under another title, of the first model of the first run:
    // every other display file comes after it in record order.
    let idx = open(&before);
    let groups = idx.display_files();
    assert!(
        groups.len() > 3,
        "the sample site has {} files",
        groups.len()
    );
    let (first, _, _) = idx.hit(0).expect("record 0");
    let run = groups[0].0.rsplit_once('.').expect("name").0;
    let run = run.rsplit_once('.').expect("name").0;
    let run = run.strip_prefix("m/").expect("under m/").to_string();
    let model = site
        .models
        .iter()
        .find(|m| kheo::render::cards::model_path(&m.url) == first.path)
        .expect("the first record is a model")
        .path
        .clone();
    let copy = model.with_file_name("ban-sao-them-vao.md");
    let text = std::fs::read_to_string(&model).expect("read");
    let text: String = text
        .replacen("title: ", "title: Bản sao ", 1)
        .lines()
        .filter(|l| !l.starts_with("slug:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&copy, text).expect("write");
    let site = load(dir);
    let (added, _) = index(&site, Some(&before), std::slice::from_ref(&copy));
    let (fresh, _) = index(&site, None, &[]);
    assert!(added == fresh, "the updated index differs from a whole one");

    let changed = |a: &Files, b: &Files| -> Vec<String> {
        let m = format!("{DIR}m/");
        let mut names: Vec<String> = a
            .keys()
            .chain(b.keys())
            .filter(|p| p.starts_with(&m) && a.get(*p) != b.get(*p))
            .map(|p| p[m.len()..].to_string())
            .collect();
        names.sort();
        names.dedup();
        names
    };
    let after_add = changed(&before, &added);
    assert!(
        !after_add.is_empty(),
        "the new record is shown from some file"
    );
    for name in &after_add {
        assert!(
            name.starts_with(&format!("{run}.")),
            "{name} changed, not of {run}"
        );
    }
    std::fs::remove_file(&copy).expect("rm");
    let site = load(dir);
    let (removed, _) = index(&site, Some(&added), &[]);
    assert!(removed == before, "removing it gives the first index back");
    for name in changed(&added, &removed) {
        assert!(
            name.starts_with(&format!("{run}.")),
            "{name} changed, not of {run}"
        );
    }
}
