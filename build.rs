//! Embeds `themes/default` into the binary: generates a table of
//! (relative path, bytes) that `render::theme` reads when a site uses the
//! default theme and has no copy of its own.

use std::fmt::Write as _;
use std::path::Path;

fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, base, out);
        } else if let Ok(rel) = p.strip_prefix(base) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let theme = Path::new(&manifest).join("themes").join("default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    walk(&theme, &theme, &mut files);
    let mut code = String::from("pub static DEFAULT_THEME: &[(&str, &[u8])] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed=themes/default/{f}");
        let abs = theme.join(f);
        writeln!(
            code,
            "    ({f:?}, include_bytes!({:?})),",
            abs.to_string_lossy()
        )
        .expect("write to String");
    }
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("default_theme.rs");
    std::fs::write(out, code).expect("write generated theme table");
}
