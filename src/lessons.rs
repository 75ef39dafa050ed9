//! The lessons shipped with the page (the files in `lessons/`, checked by the engine's tests).

use rollout_engine::lesson::Lesson;
use std::rc::Rc;

const FILES: [&str; 13] = [
    include_str!("../lessons/01-the-story.yaml"),
    include_str!("../lessons/02-legacy-rolling-update.yaml"),
    include_str!("../lessons/03-percent-rounding.yaml"),
    include_str!("../lessons/04-both-zero.yaml"),
    include_str!("../lessons/05-one-replica.yaml"),
    include_str!("../lessons/06-min-ready-seconds.yaml"),
    include_str!("../lessons/07-no-readiness-probe.yaml"),
    include_str!("../lessons/08-bad-image.yaml"),
    include_str!("../lessons/09-proportional-scaling.yaml"),
    include_str!("../lessons/10-rollover.yaml"),
    include_str!("../lessons/11-recreate.yaml"),
    include_str!("../lessons/12-terminating-pods.yaml"),
    include_str!("../lessons/13-502s.yaml"),
];

thread_local! {
    static ALL: Rc<Vec<Lesson>> = Rc::new(FILES.iter().filter_map(|f| Lesson::parse(f).ok()).collect());
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
    #[test]
    fn every_shipped_lesson_parses() {
        assert_eq!(super::all().len(), super::FILES.len());
    }
}
