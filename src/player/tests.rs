//! The player keeps the simulation at the playhead: wherever it comes from, it lands where a
//! fresh run does, and it rebuilds only what changed.

use super::*;

fn story() -> Scenario {
    crate::persist::default_scenario()
}

/// The counts of a fresh run of `s` to `t`.
fn fresh(s: &Scenario, t: Millis) -> Counts {
    let mut sim = Simulation::new(s);
    sim.run_until(t);
    snapshot::counts(&sim.cluster)
}

#[test]
fn any_path_to_a_moment_lands_where_a_fresh_run_does() {
    let s = story();
    let mut p = Player::new(&s, 1);
    for t in [0, 6_000, 30_000, 7_500, 0, 12_345, 6_000] {
        p.sync(&s, 1, t);
        assert_eq!(snapshot::counts(&p.sim.cluster), fresh(&s, t), "at {t} ms");
    }
}

#[test]
fn the_run_is_rebuilt_only_for_a_new_scenario_version() {
    let s = story();
    let mut p = Player::new(&s, 1);
    let first = p.timeline.clone();
    p.sync(&s, 1, 1_000);
    assert!(
        Rc::ptr_eq(&first, &p.timeline),
        "the first sync uses the run made by new"
    );
    p.sync(&s, 1, 20_000);
    assert!(
        Rc::ptr_eq(&first, &p.timeline),
        "moving the playhead keeps the run"
    );

    let mut more = s.clone();
    more.deployment.spec.replicas = 5;
    p.sync(&more, 2, 20_000);
    assert!(!Rc::ptr_eq(&first, &p.timeline));
    assert_eq!(p.sim.cluster.deployment.spec.replicas, 5);
    assert_eq!(snapshot::counts(&p.sim.cluster), fresh(&more, 20_000));
}

#[test]
fn panes_are_rebuilt_only_when_the_moment_changes() {
    let s = story();
    let mut p = Player::new(&s, 1);
    p.sync(&s, 1, 6_000);
    let a = p.panes();
    p.sync(&s, 1, 6_000);
    assert!(Rc::ptr_eq(&a, &p.panes()));
    p.sync(&s, 1, 9_000);
    let b = p.panes();
    assert!(!Rc::ptr_eq(&a, &b));
    assert!(b.get_rs.contains("rolling-update-test"));
}

#[test]
fn the_first_controller_action_of_the_story_is_the_apply_at_five_seconds() {
    let p = Player::new(&story(), 1);
    let times = p.timeline.action_times();
    assert_eq!(times.first(), Some(&5_000));
    assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
    let actions = p.timeline.user_actions();
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].0, 5_000);
}

#[test]
fn setting_b_follows_the_playhead_and_is_run_once_per_version() {
    let s = story();
    let mut p = Player::new(&s, 1);
    p.sync(&s, 1, 0);
    let c = p.comparison(CompareWith::Pair(3, 0));
    assert!(
        Rc::ptr_eq(&c, &p.comparison(CompareWith::Pair(3, 0))),
        "cached"
    );
    assert!(
        !Rc::ptr_eq(&c, &p.comparison(CompareWith::Pair(1, 1))),
        "another pair is another run"
    );

    let b = sweep_pair(&s, 3, 0);
    for t in [7_000, 5_500, 30_000, 0] {
        p.sync(&s, 1, t);
        p.sync_compare(CompareWith::Pair(3, 0), t);
        assert_eq!(p.counts_b(), Some(fresh(&b, t)), "B at {t} ms");
    }
    // Surging 3 at once: B has all three new pods right after the apply; A (25%) has one.
    p.sync(&s, 1, 5_500);
    p.sync_compare(CompareWith::Pair(3, 0), 5_500);
    assert_eq!(p.counts_b().unwrap().new, 3);
    assert_eq!(snapshot::counts(&p.sim.cluster).new, 1);
}

fn sweep_pair(s: &Scenario, surge: i32, unavailable: i32) -> Scenario {
    rollout_engine::sim::sweep::with_pair(s, surge, unavailable)
}

#[test]
fn delete_pod_offers_the_first_pods_by_name_and_no_more() {
    let mut s = story();
    s.deployment.spec.replicas = 1_000;
    let mut sim = Simulation::new(&s);
    sim.run_until(3_000);
    let c = &sim.cluster;
    let mut all: Vec<String> = c
        .existing_pods()
        .filter(|p| p.is_active(c.now))
        .map(|p| c.pod_name(p))
        .collect();
    assert_eq!(all.len(), 1_000);
    all.sort();
    assert_eq!(deletable_pods(c), all[..DELETABLE_PODS]);
    // The story's 3 pods are all offered.
    let mut sim = Simulation::new(&story());
    sim.run_until(3_000);
    assert_eq!(deletable_pods(&sim.cluster).len(), 3);
}

#[test]
fn playing_frame_by_frame_and_seeking_land_on_the_same_nodes_band() {
    let s = Scenario::parse(include_str!("../../benches/cluster-scale.yaml")).unwrap();
    let mut played = Player::new(&s, 1);
    let frame: f64 = 1000.0 / 60.0 * 16.0;
    let mut k: f64 = 0.0;
    while k * frame < 42_400.0 {
        k += 1.0;
        played.sync(&s, 1, (k * frame).round() as Millis);
    }
    let t = (k * frame).round() as Millis;
    let mut sought = Player::new(&s, 1);
    sought.sync(&s, 1, t);
    let band = |p: &Player| crate::stage::nodes::layout_nodes(&p.sim.cluster, 900.0, 0.0, 12.0);
    assert_eq!(
        snapshot::counts(&played.sim.cluster),
        snapshot::counts(&sought.sim.cluster),
        "at {t} ms"
    );
    assert_eq!(band(&played), band(&sought), "at {t} ms");
}
