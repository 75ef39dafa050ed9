//! Lists the lessons the page ships from the files in `lessons/` (and their Simplified Chinese
//! words from `lessons/zh-CN/`), so that there is no second, hand-kept list: a lesson added to
//! the folder is on the page at the next build.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let mut out = String::new();
    list(&mut out, "FILES", &dir, "Every file in `lessons/`");
    list(
        &mut out,
        "ZH_CN",
        &dir.join("zh-CN"),
        "Every file in `lessons/zh-CN/`: the lessons' words in Simplified Chinese",
    );
    let target = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("lessons.rs");
    std::fs::write(target, out).expect("writing the lesson list");
}

/// Writes `const NAME: [(file name, text); n]` of the YAML files in `dir`, in name order.
fn list(out: &mut String, name: &str, dir: &Path, what: &str) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.expect("a lessons/ entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    writeln!(out, "/// {what}, in name order: (file name, text).").unwrap();
    writeln!(out, "const {name}: [(&str, &str); {}] = [", files.len()).unwrap();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let file = f.file_name().unwrap().to_string_lossy();
        writeln!(
            out,
            "    ({file:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
}
