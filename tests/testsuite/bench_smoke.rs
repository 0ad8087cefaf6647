//! The benchmark's generator (issue 8), at 1,000 models, as a smoke test:
//! the site it writes must build with kheo without a problem, and the Hugo
//! twin must hold the same models. The timings themselves are never
//! tested (see docs/performance.md and benches/run.sh).

use std::path::Path;
use std::process::Command;

use crate::common::en;

#[test]
fn the_benchmark_generator_writes_a_site_kheo_builds_cleanly() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Command::new("python3")
        .arg(repo.join("benches/gen.py"))
        .args(["--n", "1000", "--seed", "1", "--out"])
        .arg(dir.path())
        .output()
        .expect("python3 must be installed (.ci/run installs it)");
    assert!(
        out.status.success(),
        "gen.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = dir.path().join("kheo");
    let r = kheo::build(&kheo::BuildOptions {
        dir: site.clone(),
        out: Some(dir.path().join("public")),
        ..kheo::BuildOptions::default()
    });
    assert!(r.ok(), "{}", r.diags.report(&site, &en()));
    assert_eq!(
        r.diags.sorted().len(),
        0,
        "{}",
        r.diags.report(&site, &en())
    );
    assert_eq!(r.models, 1000);
    assert!(r.awards > 0);
    assert!(
        dir.path().join("public/mo-hinh/index.html").is_file(),
        "no model listing"
    );
    // The Hugo twin: one page per model (plus the section's _index.md).
    let hugo_models = std::fs::read_dir(dir.path().join("hugo/content/mo-hinh"))
        .expect("hugo models")
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != "_index.md")
        .count();
    assert_eq!(hugo_models, 1000);

    // benches/sizes.py counts every byte and file of the output, and
    // tells the model pages from the listings by their paths.
    let public = dir.path().join("public");
    let out = Command::new("python3")
        .arg(repo.join("benches/sizes.py"))
        .arg(&public)
        .arg("--json")
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let (mut bytes, mut files) = (0, 0);
    for e in walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file() {
            bytes += e.metadata().expect("metadata").len();
            files += 1;
        }
    }
    assert_eq!(m["total_bytes"], bytes);
    assert_eq!(m["files"], files);
    assert_eq!(m["kinds"]["model page"]["files"], 1000);
    assert_eq!(m["kinds"]["home"]["files"], 1);
    assert!(m["kinds"]["listing"]["files"].as_u64() > Some(20));
    assert!(m["largest"]["bytes"].as_u64() < Some(25 << 20));
}
