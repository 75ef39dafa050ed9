//! The lessons shipped with the page: every file in `lessons/`, listed at build time by
//! `build.rs`; the engine's tests check each claim they make.

use crate::i18n::Lang;
use rollout_engine::lesson::Lesson;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// A lesson as the picker lists it: its id and its title in the page's language.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub id: String,
    pub title: String,
}

thread_local! {
    /// The lessons parsed so far, by language and index: a lesson is parsed when it is opened
    /// (parsing all 25 at start-up cost the first frame about 150 ms).
    static PARSED: RefCell<HashMap<(Lang, usize), Rc<Lesson>>> = RefCell::new(HashMap::new());
    static INDEX_BY_LANG: RefCell<HashMap<Lang, Rc<Vec<Entry>>>> = RefCell::new(HashMap::new());
}

thread_local! {
    /// The lesson files fetched so far, by their path under `lessons/`.
    static TEXTS: RefCell<HashMap<String, Rc<str>>> = RefCell::new(HashMap::new());
}

/// The text of `lessons/<path>` (`01-the-story.yaml`, `zh-CN/01-the-story.yaml`): in the
/// browser once [`load`] has fetched it; natively, where the tests run, from the build.
fn text(path: &str) -> Option<Rc<str>> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let (dir, name) = path.split_once('/').unwrap_or(("", path));
        let files: &[(&str, &str)] = if dir == "zh-CN" { &ZH_CN } else { &FILES };
        files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| Rc::from(*t))
    }
    #[cfg(target_arch = "wasm32")]
    TEXTS.with(|t| t.borrow().get(path).cloned())
}

/// The files lesson `index` needs in `lang`: the lesson, and its translation if it has one.
fn paths(index: usize, lang: Lang) -> Vec<String> {
    let Some((name, _, _, zh)) = INDEX.get(index) else {
        return Vec::new();
    };
    let mut out = vec![name.to_string()];
    if lang == Lang::ZhCn && zh.is_some() {
        out.push(format!("zh-CN/{name}"));
    }
    out
}

/// Fetches what lesson `index` needs in `lang` (the page fetches a lesson when it is opened;
/// the service worker keeps the files for offline use).
pub async fn load(index: usize, lang: Lang) -> Result<(), String> {
    for path in paths(index, lang) {
        if text(&path).is_some() {
            continue;
        }
        let fetched = crate::files::fetch_text(&format!("lessons/{path}")).await?;
        TEXTS.with(|t| t.borrow_mut().insert(path, Rc::from(fetched)));
    }
    Ok(())
}

/// Every lesson's id and title in the page's language (read from the files at build time).
pub fn index() -> Rc<Vec<Entry>> {
    let lang = crate::i18n::lang();
    INDEX_BY_LANG.with(|cell| {
        cell.borrow_mut()
            .entry(lang)
            .or_insert_with(|| {
                Rc::new(
                    INDEX
                        .iter()
                        .map(|(_, id, title, zh)| Entry {
                            id: id.to_string(),
                            title: match lang {
                                Lang::ZhCn => zh.unwrap_or(title),
                                Lang::En => title,
                            }
                            .to_string(),
                        })
                        .collect(),
                )
            })
            .clone()
    })
}

/// Lesson `index` in the page's language (in English where its translation does not fit it:
/// a test fails on that), parsed the first time it is asked for; `None` until [`load`] has
/// fetched it.
pub fn get(index: usize) -> Option<Rc<Lesson>> {
    let lang = crate::i18n::lang();
    if let Some(l) = PARSED.with(|p| p.borrow().get(&(lang, index)).cloned()) {
        return Some(l);
    }
    let files = paths(index, lang);
    let english = Lesson::parse(&text(files.first()?)?).ok()?;
    let lesson = Rc::new(match files.get(1) {
        Some(zh) => english.translated(&text(zh)?).unwrap_or(english),
        None => english,
    });
    PARSED.with(|p| p.borrow_mut().insert((lang, index), lesson.clone()));
    Some(lesson)
}

/// The index of the lesson with this id.
pub fn find(id: &str) -> Option<usize> {
    index().iter().position(|l| l.id == id)
}

#[cfg(test)]
mod tests {
    /// A lesson that does not parse would be dropped from the page silently; this says which.
    #[test]
    fn every_shipped_lesson_parses() {
        for (name, text) in super::FILES {
            if let Err(e) = rollout_engine::lesson::Lesson::parse(text) {
                panic!("lessons/{name}: {e}");
            }
        }
        assert_eq!(super::index().len(), super::FILES.len());
        for (k, entry) in super::index().iter().enumerate() {
            let lesson = super::get(k).unwrap();
            assert_eq!(
                (&entry.id, &entry.title),
                (&lesson.id, &lesson.title),
                "the header read is the lesson's"
            );
        }
    }

    /// The numbers written in digits in `text` ("25%", "0.75", "3").
    fn numbers(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut current = String::new();
        for c in text.chars().chain(std::iter::once(' ')) {
            if c.is_ascii_digit() || (c == '.' && !current.is_empty()) {
                current.push(c);
            } else if !current.is_empty() {
                out.push(current.trim_end_matches('.').to_string());
                current.clear();
            }
        }
        out
    }

    /// Every lesson has its Simplified Chinese words, and they fit it (same id, same steps).
    #[test]
    fn every_lesson_has_a_simplified_chinese_translation() {
        let mut missing = Vec::new();
        for (name, text) in super::FILES.iter() {
            let lesson = rollout_engine::lesson::Lesson::parse(text).unwrap();
            match super::ZH_CN.iter().find(|(n, _)| n == name) {
                Some((_, text)) => {
                    let zh = lesson
                        .translated(text)
                        .unwrap_or_else(|e| panic!("lessons/zh-CN/{name}: {e}"));
                    assert_ne!(
                        zh.title, lesson.title,
                        "lessons/zh-CN/{name}: the title is not translated"
                    );
                    // An event described in words (not a kubectl command) is described in
                    // Chinese too.
                    for (a, b) in zh.scenario.events.iter().zip(&lesson.scenario.events) {
                        if let Some(en) = &b.description {
                            assert!(
                                en.starts_with("kubectl") || a.description != b.description,
                                "lessons/zh-CN/{name}: the event {en:?} is not translated"
                            );
                        }
                    }
                    for (k, (a, b)) in zh.steps.iter().zip(&lesson.steps).enumerate() {
                        // The facts are checked in English: every number it states is stated
                        // in Chinese too.
                        for n in numbers(&b.text) {
                            assert!(
                                numbers(&a.text).contains(&n),
                                "lessons/zh-CN/{name}, step {}: {n} is missing",
                                k + 1
                            );
                        }
                        assert_ne!(
                            a.text, b.text,
                            "lessons/zh-CN/{name}: a step is not translated"
                        );
                        assert_eq!((a.at, &a.checks), (b.at, &b.checks));
                    }
                }
                None => missing.push(*name),
            }
        }
        assert!(
            missing.is_empty(),
            "lessons without lessons/zh-CN/: {missing:?}"
        );
        // The picker's Chinese titles, read from the headers, are the lessons'.
        crate::i18n::set_lang(crate::i18n::Lang::ZhCn);
        for (k, entry) in super::index().iter().enumerate() {
            assert_eq!(entry.title, super::get(k).unwrap().title);
        }
        crate::i18n::set_lang(crate::i18n::Lang::En);
        assert_eq!(
            super::ZH_CN.len(),
            super::FILES.len(),
            "a translation of no lesson"
        );
    }

    /// The page ships the files the engine's lesson test checks, in the same order.
    #[test]
    fn the_page_ships_every_file_in_lessons() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/lessons");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml"))
            .collect();
        on_disk.sort();
        let shipped: Vec<&str> = super::FILES.iter().map(|(n, _)| *n).collect();
        assert_eq!(shipped, on_disk);
    }
}
