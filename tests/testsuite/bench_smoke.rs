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
}
