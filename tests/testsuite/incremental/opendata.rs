//! The zipped whole set of the open data after an edit: the province
//! parts the edit did not touch are copied from the last archive, which
//! must therefore be trusted only when it is the file the last build
//! wrote.

use super::*;

/// Where the compressed bytes of the part `name` of the archive at `zip`
/// begin, and how many there are.
fn part_bytes(zip: &Path, name: &str) -> (u64, u64) {
    let file = std::fs::File::open(zip).expect("open zip");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let part = zip.by_name(name).expect("part");
    (
        part.data_start().expect("data start"),
        part.compressed_size(),
    )
}

#[test]
fn a_field_edit_rebuilds_the_archives_as_a_fresh_build_and_distrusts_a_changed_one() {
    let (site, _keep, out) = built_large_site();
    let csv = out.join("du-lieu/mo-hinh-csv.zip");
    let json = out.join("du-lieu/mo-hinh-json.zip");
    let model = "content/models/them/m7.md";
    // A field edit changes Hải Phòng's part only: the others are copied.
    edit(site.path(), model, |t| {
        t.replace("field: \"kinh-te\"", "field: \"van-hoa-xa-hoi\"")
    });
    rebuild_matches_fresh(site.path(), &out, "field edit");
    // An archive changed since the last build (here one byte of another
    // province's compressed part, which the next edit would copy) is not
    // copied from: it is made whole again.
    for zip in [&csv, &json] {
        let name = if zip == &csv {
            "mo-hinh/ha-noi.csv"
        } else {
            "mo-hinh/ha-noi.json"
        };
        let (at, len) = part_bytes(zip, name);
        let mut bytes = std::fs::read(zip).expect("read zip");
        bytes[(at + len / 2) as usize] ^= 0x55;
        std::fs::write(zip, bytes).expect("write zip");
    }
    edit(site.path(), model, |t| {
        t.replace("field: \"van-hoa-xa-hoi\"", "field: \"kinh-te\"")
    });
    rebuild_matches_fresh(site.path(), &out, "field edit over a changed archive");
}
