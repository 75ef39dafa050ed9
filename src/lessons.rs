//! The lessons shipped with the page: every file in `lessons/`, listed at build time by
//! `build.rs`; the engine's tests check each claim they make.

use rollout_engine::lesson::Lesson;
use std::rc::Rc;

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

thread_local! {
    static ALL: Rc<Vec<Lesson>> = Rc::new(FILES.iter().filter_map(|(_, text)| Lesson::parse(text).ok()).collect());
}

/// Every lesson, parsed once.
pub fn all() -> Rc<Vec<Lesson>> {
    ALL.with(Rc::clone)
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
