//! The reducer, natively: what each action does to the state.

use super::*;
use rollout_engine::sim::Action as Kubectl;

fn story() -> Scenario {
    crate::persist::default_scenario()
}

fn reduce(s: AppState, a: Action) -> AppState {
    (*Rc::new(s).reduce(a)).clone()
}

fn with_replicas(n: i32) -> Scenario {
    let mut s = story();
    s.deployment.spec.replicas = n;
    s
}

#[test]
fn an_edit_becomes_the_users_own_and_undo_walks_it_back() {
    let mut s = AppState::new(story(), None);
    assert_eq!(s.own_version, 0, "nothing to save before an edit");
    s = reduce(s, Action::SetField(Field::Replicas, "7".into()));
    assert_eq!(s.scenario.deployment.spec.replicas, 7);
    assert!(Rc::ptr_eq(&s.scenario, &s.own));
    assert_eq!(s.own_version, 1);
    s = reduce(s, Action::Undo);
    assert_eq!(
        s.scenario.deployment.spec.replicas, 3,
        "the exact earlier value"
    );
    assert_eq!(s.own.deployment.spec.replicas, 3, "and it is saved so");
    assert_eq!(s.settings.get(Field::Replicas), "3");
}

#[test]
fn undo_keeps_at_most_fifty_steps() {
    let mut s = AppState::new(story(), None);
    for n in 1..=60 {
        s = reduce(s, Action::SetField(Field::Replicas, n.to_string()));
    }
    assert_eq!(s.undo.len(), UNDO_DEPTH);
    assert_eq!(
        s.undo[0].deployment.spec.replicas, 10,
        "the oldest ten are gone"
    );
}

#[test]
fn a_linked_scenario_leaves_the_users_own_stored_and_one_undo_away() {
    let s = AppState::linked(with_replicas(10), with_replicas(7), None);
    assert_eq!(s.scenario.deployment.spec.replicas, 10);
    assert_eq!(s.own.deployment.spec.replicas, 7);
    assert_eq!(s.own_version, 0, "opening a link saves nothing");
    assert!(s.away_from_own());
    let back = reduce(s.clone(), Action::BackToOwn);
    assert_eq!(back.scenario.deployment.spec.replicas, 7);
    assert!(!back.away_from_own());
    assert_eq!(back.own_version, 0);
    let undone = reduce(s.clone(), Action::Undo);
    assert_eq!(undone.scenario.deployment.spec.replicas, 7);
    assert_eq!(
        undone.own_version, 0,
        "undoing a link changes nothing stored"
    );
    // Editing the linked scenario makes it the user's own.
    let edited = reduce(s, Action::SetField(Field::Replicas, "12".into()));
    assert_eq!(edited.own.deployment.spec.replicas, 12);
    assert_eq!(edited.own_version, 1);
}

#[test]
fn ticks_advance_by_speed_and_stop_at_the_end() {
    let mut s = AppState::new(story(), None);
    s = reduce(s, Action::Tick(16.0));
    assert_eq!(s.playhead, 0, "not playing: no time passes");
    s = reduce(s, Action::TogglePlay);
    s = reduce(s, Action::SetSpeed(4.0));
    s = reduce(s, Action::Tick(10.0));
    assert_eq!(s.playhead, 40);
    s = reduce(s, Action::Tick(10_000.0));
    assert_eq!(
        s.playhead,
        40 + 250 * 4,
        "a long pause counts as a quarter second"
    );
    let end = s.until();
    s = reduce(s, Action::Seek(end - 5));
    s = reduce(s, Action::Tick(100.0));
    assert_eq!(s.playhead, s.until());
    assert!(!s.playing, "stops at the end");
    s = reduce(s, Action::SetSpeed(1000.0));
    assert_eq!(s.speed, SPEEDS[SPEEDS.len() - 1]);
    s = reduce(s, Action::Seek(-5));
    assert_eq!(s.playhead, 0);
}

#[test]
fn opening_a_lesson_leaving_it_and_returning() {
    let mut s = AppState::new(with_replicas(7), None);
    let index = crate::lessons::find("bad-image").expect("the bad-image lesson");
    let lesson = crate::lessons::get(index).unwrap();
    s = reduce(s, Action::OpenLesson(index, 1));
    assert_eq!(s.lesson, Some((index, 1)));
    assert_eq!(*s.scenario, lesson.scenario);
    assert_eq!(s.playhead, (lesson.steps[1].at * 1000.0) as Millis);
    assert_eq!(
        s.own.deployment.spec.replicas, 7,
        "a lesson is not the user's edit"
    );
    assert_eq!(s.own_version, 0);
    // Playing freely: an edit leaves the lesson (it waits to be returned to).
    s = reduce(s, Action::Kubectl(Kubectl::Scale(4)));
    assert!(s.lesson_left);
    assert_eq!(s.lesson, Some((index, 1)));
    s = reduce(s, Action::OpenLesson(index, 1));
    assert!(!s.lesson_left);
    assert_eq!(
        *s.scenario, lesson.scenario,
        "returning reloads the lesson's scenario"
    );
    s = reduce(s, Action::CloseLesson);
    assert_eq!(s.lesson, None);
}

#[test]
fn an_invalid_setting_keeps_the_running_scenario_and_says_why() {
    let s = reduce(
        AppState::new(story(), None),
        Action::SetField(Field::MaxSurge, "abc".into()),
    );
    assert_eq!(s.version, 0, "nothing replaced");
    assert!(s
        .error_for("spec.strategy.rollingUpdate.maxSurge")
        .is_some_and(|e| e.contains("a valid percent string")));
    let s = reduce(s, Action::SetField(Field::Replicas, "-1".into()));
    assert_eq!(
        s.error_for("spec.replicas").as_deref(),
        Some("spec.replicas: Invalid value: -1: must be greater than or equal to 0")
    );
}

#[test]
fn a_failed_load_changes_nothing_and_says_so() {
    let s = AppState::new(with_replicas(5), None);
    let after = reduce(s.clone(), Action::LoadManifest("kind: [unclosed".into()));
    assert_eq!(after.version, s.version);
    assert!(after
        .notice
        .as_ref()
        .is_some_and(|n| n.error && n.text.contains("unchanged")));
    let after = reduce(
        s.clone(),
        Action::LoadScenarioFile(Rc::new(Err(
            "the file is 2000000 bytes; at most 1048576 are read".into(),
        ))),
    );
    assert_eq!(after.version, s.version);
    assert!(after.notice.unwrap().text.contains("at most 1048576"));
}

#[test]
fn steps_go_to_the_previous_and_next_controller_actions() {
    let times = Rc::new(vec![5_000, 7_000, 11_000]);
    let mut s = AppState::new(story(), None);
    s = reduce(s, Action::Seek(6_000));
    s = reduce(s, Action::Step(true, times.clone()));
    assert_eq!(s.playhead, 7_000);
    s = reduce(s, Action::Step(false, times.clone()));
    assert_eq!(s.playhead, 5_000);
    s = reduce(s, Action::Step(false, times));
    assert_eq!(s.playhead, 0);
}

#[test]
fn a_file_too_large_is_known_from_its_size() {
    assert_eq!(loading::file_too_large(1_048_576.0), None);
    assert_eq!(
        loading::file_too_large(2_000_000.0).as_deref(),
        Some("the file is 2000000 bytes; at most 1048576 are read")
    );
}
