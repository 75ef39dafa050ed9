//! Every lesson in `lessons/` loads, and every claim its steps make holds in the engine.

use rollout_engine::lesson::Lesson;

#[test]
fn every_lesson_tells_the_truth() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../lessons");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("lessons/")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 13,
        "at least the 13 lessons of the first version"
    );
    let mut ids = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let lesson = match Lesson::parse(&text) {
            Ok(l) => l,
            Err(e) => {
                failures.push(format!("{}: {e}", f.display()));
                continue;
            }
        };
        assert!(
            ids.insert(lesson.id.clone()),
            "duplicate lesson id {}",
            lesson.id
        );
        match lesson.verify() {
            Ok(n) => println!(
                "{}: {} steps, {n} claims hold",
                lesson.id,
                lesson.steps.len()
            ),
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
