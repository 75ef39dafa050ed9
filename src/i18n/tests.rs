//! Every text the page passes through `tr` or `trf` has a translation, with the same
//! placeholders, and the catalogue holds nothing the page no longer says.

use super::*;
use std::collections::BTreeSet;
use std::path::Path;

/// The string literals passed as the first argument of `tr(`, `trf(`, `n_(` or `Sentence::new(`
/// in `source`.
fn texts_in(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for call in ["tr(", "trf(", "n_(", "Sentence::new("] {
        let mut rest = source;
        while let Some(i) = rest.find(call) {
            // Not the tail of a longer name (`attr(`).
            let before = rest[..i].chars().last();
            rest = &rest[i + call.len()..];
            // The literal may start on the next line (as rustfmt writes a long call).
            let Some(literal) = rest.trim_start().strip_prefix('"') else {
                continue;
            };
            rest = literal;
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            out.push(read_string(&mut rest.chars()));
        }
    }
    out
}

/// The rest of a string literal whose opening quote was read, escapes read, up to its closing
/// quote.
fn read_string(chars: &mut impl Iterator<Item = char>) -> String {
    let mut text = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => match chars.next() {
                Some('n') => text.push('\n'),
                Some(c) => text.push(c),
                None => break,
            },
            c => text.push(c),
        }
    }
    text
}

/// The sources under `dir` of the repository (as [`sources`] reads them).
fn sources_in(dir: &str, out: &mut Vec<(String, String)>) {
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), out);
}

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n/tests.rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            // What the tests say is not the page's.
            let code = text
                .split("#[cfg(test)]\nmod tests {")
                .next()
                .unwrap_or_default();
            out.push((path.display().to_string(), code.to_string()));
        }
    }
}

/// `{name}` placeholders of a text.
fn placeholders(text: &str) -> BTreeSet<&str> {
    text.match_indices('{')
        .filter_map(|(i, _)| {
            let end = text[i..].find('}')?;
            // `{^name}`: the same hole, capitalised.
            let name = text[i + 1..i + end].trim_start_matches('^');
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
                .then_some(name)
        })
        .collect()
}

#[test]
fn every_text_of_the_page_has_a_simplified_chinese_translation() {
    let mut files = Vec::new();
    sources_in("src", &mut files);
    // The engine's sentences (`Sentence::new`) are said in the page's language too.
    sources_in("engine/src", &mut files);
    let zh = catalogue(include_str!("zh-CN.txt"));
    let mut used = BTreeSet::new();
    let mut missing = Vec::new();
    for (file, source) in &files {
        for text in texts_in(source) {
            match zh.get(text.as_str()) {
                Some(t) => {
                    // A translation may leave out a placeholder (an English plural's "s"),
                    // never add one.
                    assert!(
                        placeholders(t).is_subset(&placeholders(&text)),
                        "{file}: the placeholders of {text:?} and of its translation {t:?}"
                    );
                    assert!(
                        !t.trim().is_empty(),
                        "{file}: {text:?} is translated as nothing"
                    );
                }
                None => missing.push(format!("{file}: {text:?}")),
            }
            used.insert(text);
        }
    }
    assert!(
        missing.is_empty(),
        "texts without a translation in src/i18n/zh-CN.txt:\n{}",
        missing.join("\n")
    );
    let unused: Vec<_> = zh.keys().filter(|k| !used.contains(**k)).collect();
    assert!(
        unused.is_empty(),
        "src/i18n/zh-CN.txt translates texts the page no longer says: {unused:?}"
    );
    assert!(used.len() > 100, "only {} texts found", used.len());
}

#[test]
fn the_scanner_reads_literals_and_the_catalogue_its_blocks() {
    let src = r#"x(tr("Play")); attr("no"); tr(label); trf("{n} pods \"up\"", &[]); trf(
        "Next", &[])"#;
    assert_eq!(texts_in(src), ["Play", "{n} pods \"up\"", "Next"]);
    let c = catalogue("# a comment\nPlay\n播放\n\n{n} pods\n{n} 个 Pod\n");
    assert_eq!(c.get("Play"), Some(&"播放"));
    assert_eq!(
        placeholders("{n} of {total}, {}"),
        BTreeSet::from(["n", "total", ""])
    );
}

#[test]
fn the_language_switches_what_tr_returns() {
    set_lang(Lang::ZhCn);
    let zh = tr("Copy link");
    let formatted = trf(
        "Step {n} of {total} · t = {t} s",
        &[("n", &2), ("total", &5), ("t", &1)],
    );
    set_lang(Lang::En);
    assert_eq!(tr("Copy link"), "Copy link");
    assert_ne!(zh, "Copy link");
    assert!(formatted.contains('2') && formatted.contains('5') && !formatted.contains('{'));
    assert_eq!(Lang::from_tag("zh-TW"), Lang::ZhCn);
    assert_eq!(Lang::from_tag("en-GB"), Lang::En);
}

/// Every string literal of `source` (escapes read), with a rough line number.
fn literals(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = source.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        // Not a char literal ('"') nor a raw string's hashes: plain "..." strings only.
        if c == '"' && prev != '\'' && prev != '#' && prev != 'r' {
            out.push(read_string(&mut chars));
            prev = '"';
            continue;
        }
        if c == '/' && chars.peek() == Some(&'/') {
            // A comment: to the end of the line.
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
            prev = '\n';
            continue;
        }
        prev = c;
    }
    out
}

/// Words the page shows as they are, in every language: kubectl's and Argo's commands,
/// Kubernetes' own validation messages ("must be an integer": the words Kubernetes uses for an
/// invalid value), CSS classes, and errors between the page and its own workers.
fn kept_as_is(text: &str) -> bool {
    const CLASSES: [&str; 3] = [
        "swatch version new",
        "swatch version old",
        "card lesson closed",
    ];
    const WORKER: [&str; 3] = [
        "job {job}'s scenario was not sent",
        "no cells in the answer",
        "a cell without an index",
    ];
    text.starts_with("kubectl")
        || text.starts_with("argo rollouts")
        || text.starts_with("must ")
        || text.contains(": Invalid value: ")
        || text.contains(": {what} must be")
        || CLASSES.contains(&text)
        || WORKER.contains(&text)
        // Messages of a bundled file that cannot fail to read (tests read them).
        || text.starts_with("the bundled story ")
}

/// A sentence of the page written without `tr`, `trf`, `n_` or `Sentence::new` would be shown
/// in English on the Chinese page: any literal of three words or more is either translated or
/// one of the words kept as they are.
#[test]
fn no_sentence_of_the_page_is_left_without_a_translation() {
    let mut files = Vec::new();
    sources_in("src", &mut files);
    let zh = catalogue(include_str!("zh-CN.txt"));
    let three_words = |t: &str| {
        let words: Vec<&str> = t
            .split_whitespace()
            .filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic()))
            .collect();
        words.len() >= 3
    };
    let mut left = Vec::new();
    // Test modules in files of their own say what tests say.
    for (file, source) in files.iter().filter(|(f, _)| !f.ends_with("tests.rs")) {
        for text in literals(source) {
            if three_words(&text) && !zh.contains_key(text.as_str()) && !kept_as_is(&text) {
                left.push(format!("{file}: {text:?}"));
            }
        }
    }
    assert!(
        left.is_empty(),
        "sentences shown without a translation:\n{}",
        left.join("\n")
    );
}

#[test]
fn the_literal_reader_reads_strings_and_skips_comments() {
    let src = "let a = \"one two \\\"three\\\"\"; // \"a comment here too\"\nlet c = '\"'; x(\"four five six\")";
    assert_eq!(literals(src), ["one two \"three\"", "four five six"]);
}
