use super::*;
use crate::sim::runner::traffic_report;
use crate::Scenario;

fn scenario(
    replicas: i32,
    surge: &str,
    unavailable: &str,
    traffic: &str,
    images: &str,
) -> Scenario {
    let strategy = format!("{{type: RollingUpdate, rollingUpdate: {{maxSurge: {surge}, maxUnavailable: {unavailable}}}}}");
    let deployment = crate::sim::scenario::deployment_yaml("hello", replicas, &strategy);
    Scenario::parse(&format!(
        "{deployment}images: {images}\nevents: [{{at: 5, setImage: 'hello:v2'}}]\nuntil: 40\ntraffic: {traffic}"
    ))
    .unwrap()
}

#[test]
fn without_a_pre_stop_sleep_pods_stop_while_still_receiving_traffic() {
    let s = scenario(3, "1", "0", "{rate: 100, propagationDelay: 1}", "{}");
    let r = traffic_report(&s, false).unwrap();
    let stopped = r
        .failed
        .get(&Failure::StoppedAccepting)
        .copied()
        .unwrap_or(0);
    assert!(stopped > 0, "{r:?}");
    assert_eq!(
        r.failed.get(&Failure::NoEndpoints),
        None,
        "surge 1 / unavailable 0 always keeps endpoints"
    );
    assert_eq!(r.requests, 4000);
    assert_eq!(
        r.served.values().sum::<u64>() + r.failed_total(),
        r.requests
    );
    assert!(
        r.summary.to_string().contains("a preStop sleep of 2s"),
        "{}",
        r.summary
    );
}

#[test]
fn a_pre_stop_sleep_longer_than_the_propagation_delay_avoids_every_failure() {
    let s = scenario(
        3,
        "1",
        "0",
        "{rate: 100, propagationDelay: 1, preStopSleep: 2}",
        "{'hello:v1': {stopAfter: 5}}",
    );
    let r = traffic_report(&s, false).unwrap();
    assert_eq!(r.failed_total(), 0, "{:?}", r.failed);
    assert_eq!(r.summary.to_string(), "4000 requests, none failed.");
}

#[test]
fn one_replica_with_max_unavailable_one_has_a_window_with_no_endpoints() {
    let s = scenario(
        1,
        "0",
        "1",
        "{rate: 100, propagationDelay: 0.5, preStopSleep: 2}",
        "{'hello:v1': {stopAfter: 5}}",
    );
    let r = traffic_report(&s, false).unwrap();
    let none = r.failed.get(&Failure::NoEndpoints).copied().unwrap_or(0);
    // The old pod leaves the endpoints at 5.5 s; the new one, ready at 6 s, joins at 6.5 s.
    assert_eq!(none, 100, "{r:?}");
}

#[test]
fn responses_switch_from_version_1_to_version_2() {
    let s = scenario(
        3,
        "25%",
        "25%",
        "{rate: 10, propagationDelay: 1, preStopSleep: 2}",
        "{'hello:v1': {stopAfter: 3}}",
    );
    let r = traffic_report(&s, true).unwrap();
    let responses = r.responses();
    assert_eq!(responses.len(), 400);
    let texts: Vec<&str> = responses
        .iter()
        .filter_map(|x| x.result.as_deref().ok())
        .collect();
    assert_eq!(texts.first(), Some(&"This is version 1."));
    assert_eq!(texts.last(), Some(&"This is version 2."));
    let first_v2 = responses
        .iter()
        .position(|x| x.result.as_deref() == Ok("This is version 2."))
        .unwrap();
    assert!(
        responses[first_v2].t >= 7_000,
        "v2 serves only once ready (5 + 1 s) and propagated (+1 s)"
    );
    // The pane's window: the last 3 responses at or before t = 2 s.
    let window: Vec<i64> = r.responses_until(2_000, 3).iter().map(|x| x.t).collect();
    assert_eq!(window, vec![1_800, 1_900, 2_000]);
}

#[test]
fn a_version_that_never_becomes_ready_takes_no_traffic() {
    let s = scenario(
        3,
        "1",
        "0",
        "{rate: 50}",
        "{'hello:v2': {neverReady: true}}",
    );
    let r = traffic_report(&s, false).unwrap();
    assert_eq!(
        r.served.keys().collect::<Vec<_>>(),
        vec!["This is version 1."]
    );
    assert_eq!(r.failed_total(), 0);
}

#[test]
fn the_same_seed_gives_the_same_traffic() {
    let s = scenario(10, "25%", "25%", "{rate: 200, seed: 7}", "{}");
    assert_eq!(traffic_report(&s, true), traffic_report(&s, true));
    let mut other = s.clone();
    other.traffic.as_mut().unwrap().seed = 8;
    let pods = |s: &Scenario| -> Vec<Option<(String, u64)>> {
        traffic_report(s, true)
            .unwrap()
            .responses()
            .into_iter()
            .map(|r| r.pod)
            .collect()
    };
    assert_ne!(
        pods(&s),
        pods(&other),
        "another seed spreads requests differently"
    );
}

#[test]
fn response_texts_follow_the_image_tag_unless_configured() {
    assert_eq!(
        endpoints::response_text("hello:v2", None),
        "This is version 2."
    );
    assert_eq!(
        endpoints::response_text("registry:5000/app:1.4.2", None),
        "This is version 1.4.2."
    );
    assert_eq!(endpoints::response_text("nginx", None), "This is nginx.");
    assert_eq!(endpoints::response_text("hello:v2", Some("hi")), "hi");
}
