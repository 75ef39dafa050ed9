//! Lists the lessons the page ships from the files in `lessons/` (and their Simplified Chinese
//! words from `lessons/zh-CN/`), so that there is no second, hand-kept list: a lesson added to
//! the folder is on the page at the next build. Writes the story the page opens on
//! (`scenarios/story.yaml`) as JSON, so that a first visit reads no YAML: the YAML reader is
//! then not among the code the page needs to start (scripts/split/).

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
    headers(&mut out, &dir);
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("lessons.rs"), out).expect("writing the lesson list");
    story_as_json(Path::new(&out_dir));
}

/// `scenarios/story.yaml` as JSON text, in `OUT_DIR/story.json`: the same value the engine's
/// YAML reader makes of it (a test in `persist.rs` reads both and compares the scenarios).
fn story_as_json(out_dir: &Path) {
    let story = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/story.yaml");
    println!("cargo:rerun-if-changed={}", story.display());
    let text = std::fs::read_to_string(&story).expect("reading scenarios/story.yaml");
    let value: serde_json::Value =
        serde_saphyr::from_str(&text).expect("scenarios/story.yaml is YAML");
    std::fs::write(out_dir.join("story.json"), value.to_string()).expect("writing story.json");
}

/// The YAML files of `dir`, in name order.
fn yaml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.expect("a lessons/ entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// A lesson file's `id` and `title`, read from its top (before `scenario:`, or a
/// translation's `steps:`).
fn header(path: &Path) -> (String, String) {
    let text = std::fs::read_to_string(path).expect("reading a lesson");
    let end = text
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .find(|&i| text[i..].starts_with("scenario:") || text[i..].starts_with("steps:"))
        .unwrap_or(text.len());
    let value: serde_json::Value =
        serde_saphyr::from_str(&text[..end]).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let field = |k: &str| {
        value[k]
            .as_str()
            .unwrap_or_else(|| panic!("{}: no {k}", path.display()))
            .to_string()
    };
    (field("id"), field("title"))
}

/// Writes `const INDEX: [(id, title, Simplified Chinese title); n]`, in file order: the
/// lesson picker's list, read here so that the page reads no YAML until a lesson is opened.
fn headers(out: &mut String, dir: &Path) {
    let files = yaml_files(dir);
    writeln!(
        out,
        "/// Every lesson's file name, id, title and Simplified Chinese title, in file order."
    )
    .unwrap();
    writeln!(
        out,
        "const INDEX: [(&str, &str, &str, Option<&str>); {}] = [",
        files.len()
    )
    .unwrap();
    for f in &files {
        let (id, title) = header(f);
        let name = f.file_name().unwrap().to_string_lossy();
        let zh = dir.join("zh-CN").join(&*name);
        let zh_title = zh.exists().then(|| header(&zh).1);
        writeln!(out, "    ({name:?}, {id:?}, {title:?}, {zh_title:?}),").unwrap();
    }
    out.push_str("];\n");
}

/// Writes `const NAME: [(file name, text); n]` of the YAML files in `dir`, in name order.
fn list(out: &mut String, name: &str, dir: &Path, what: &str) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let files = yaml_files(dir);
    writeln!(
        out,
        "/// {what}, in name order: (file name, text). Natively only (the tests):"
    )
    .unwrap();
    writeln!(
        out,
        "/// the page fetches a lesson's file when it is opened."
    )
    .unwrap();
    writeln!(out, "#[cfg(not(target_arch = \"wasm32\"))]").unwrap();
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
