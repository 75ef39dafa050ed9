//! Lists the lessons the page ships from the files in `lessons/`, so that there is no second,
//! hand-kept list: a lesson added to the folder is on the page at the next build.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the lessons/ folder")
        .map(|e| e.expect("a lessons/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut out = String::from("/// Every file in `lessons/`, in name order: (file name, text).\n");
    writeln!(out, "const FILES: [(&str, &str); {}] = [", files.len()).unwrap();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap().to_string_lossy();
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("lessons.rs");
    std::fs::write(target, out).expect("writing the lesson list");
}
