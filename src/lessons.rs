//! The lessons shipped with the page: every file in `lessons/`, listed at build time by
//! `build.rs`; the engine's tests check each claim they make.

use rollout_engine::lesson::Lesson;
use std::rc::Rc;

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

thread_local! {
    static ALL: Rc<Vec<Lesson>> = Rc::new(FILES.iter().filter_map(|(_, text)| Lesson::parse(text).ok()).collect());
    static ALL_ZH_CN: Rc<Vec<Lesson>> = Rc::new(translated(&ZH_CN));
}

/// The lessons with their words from `translations` (by file name); a lesson without one, or
/// whose translation does not fit it, stays in English (a test fails on either).
fn translated(translations: &[(&str, &str)]) -> Vec<Lesson> {
    let english = ALL.with(Rc::clone);
    FILES
        .iter()
        .filter(|(_, text)| Lesson::parse(text).is_ok())
        .zip(english.iter())
        .map(|((name, _), lesson)| {
            translations
                .iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, text)| lesson.translated(text).ok())
                .unwrap_or_else(|| lesson.clone())
        })
        .collect()
}

/// Every lesson, parsed once, in the page's language.
pub fn all() -> Rc<Vec<Lesson>> {
    match crate::i18n::lang() {
        crate::i18n::Lang::En => ALL.with(Rc::clone),
        crate::i18n::Lang::ZhCn => ALL_ZH_CN.with(Rc::clone),
    }
}

/// The index of the lesson with this id.
pub fn find(id: &str) -> Option<usize> {
    all().iter().position(|l| l.id == id)
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
        assert_eq!(super::all().len(), super::FILES.len());
    }

    /// Every lesson has its Simplified Chinese words, and they fit it (same id, same steps).
    #[test]
    fn every_lesson_has_a_simplified_chinese_translation() {
        let english = super::all();
        let mut missing = Vec::new();
        for ((name, _), lesson) in super::FILES.iter().zip(english.iter()) {
            match super::ZH_CN.iter().find(|(n, _)| n == name) {
                Some((_, text)) => {
                    let zh = lesson
                        .translated(text)
                        .unwrap_or_else(|e| panic!("lessons/zh-CN/{name}: {e}"));
                    assert_ne!(
                        zh.title, lesson.title,
                        "lessons/zh-CN/{name}: the title is not translated"
                    );
                    for (a, b) in zh.steps.iter().zip(&lesson.steps) {
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
