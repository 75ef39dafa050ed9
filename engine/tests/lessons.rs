//! Every lesson in `lessons/` loads, and every claim its steps make holds in the engine.

use rollout_engine::lesson::Lesson;

/// The lessons the page ships (it lists `lessons/` at build time), each with the number of
/// claims its steps make. A lesson added, removed or a claim dropped shows here.
const SHIPPED: [(&str, usize); 25] = [
    ("the-story", 15),
    ("legacy-rolling-update", 7),
    ("percent-rounding", 7),
    ("both-zero", 6),
    ("one-replica", 7),
    ("min-ready-seconds", 4),
    ("no-readiness-probe", 5),
    ("bad-image", 10),
    ("proportional-scaling", 4),
    ("rollover", 7),
    ("recreate", 7),
    ("terminating-pods", 1),
    ("the-502s", 3),
    ("slowest-pod", 6),
    ("caught-halfway", 8),
    ("surge-needs-room", 12),
    ("drain-meets-rollout", 9),
    ("hpa-joins-rollout", 10),
    ("cloud-lb-drain", 4),
    ("canary-pod-ratio", 13),
    ("abort", 10),
    ("blue-green", 8),
    ("statefulset-partition", 12),
    ("statefulset-forced-rollback", 10),
    ("daemonset-surge", 9),
];

#[test]
fn every_lesson_tells_the_truth() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../lessons");
    // The lesson files; lessons/zh-CN/ holds their words in Chinese (the page's tests check
    // that each fits its lesson: the claims are the same).
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("lessons/")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut ids = std::collections::BTreeSet::new();
    let mut found = Vec::new();
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
            Ok(n) => {
                println!(
                    "{}: {} steps, {n} claims hold",
                    lesson.id,
                    lesson.steps.len()
                );
                found.push((lesson.id.clone(), n));
            }
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let expected: Vec<(String, usize)> =
        SHIPPED.iter().map(|(id, n)| (id.to_string(), *n)).collect();
    assert_eq!(found, expected, "the lessons in lessons/ and their claims");
}
