//! What the marks on the stage mean: a pod's colour is its version, its shape its state.

use crate::i18n::{n_, tr};
use rollout_engine::api::PodState;
use yew::prelude::*;

/// The states drawn with a shape of their own (the two failing states share one).
const SHAPES: [(PodState, &str); 7] = [
    (PodState::Pending, "Pending"),
    (PodState::ContainerCreating, "ContainerCreating"),
    (PodState::Running, n_("Running (not ready)")),
    (
        PodState::Ready,
        n_("Ready (minReadySeconds not yet passed)"),
    ),
    (PodState::Available, "Available"),
    (PodState::Terminating, "Terminating"),
    (
        PodState::CrashLoopBackOff,
        n_("CrashLoopBackOff or ImagePullBackOff"),
    ),
];

#[function_component(Legend)]
pub fn legend() -> Html {
    html! {
        <div class="pod-legend">
            <ul aria-label={tr("Versions")}>
                <li><span class="swatch version new"></span>{ tr("the new ReplicaSet (it runs the current template)") }</li>
                <li><span class="swatch version old"></span>{ tr("old ReplicaSets") }</li>
            </ul>
            <ul aria-label={tr("Pod states")}>
                { for SHAPES.iter().map(|(s, label)| html! {
                    <li><PodGlyph state={*s} />{ tr(label) }</li>
                }) }
                <li><span class="swatch slow"></span>{ tr("dashed ring: slower to Ready than 9 in 10 of its image's pods") }</li>
                <li><span class="mark-failed" aria-hidden="true">{ "×" }</span>{ tr(" a request refused: at the pod it was sent to, at the Service when no pod was ready") }</li>
                <li><span class="swatch cut"></span>{ tr("ring: a request cut mid-flight (the app exited, or SIGKILL)") }</li>
            </ul>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct GlyphProps {
    pub state: PodState,
}

/// A state's shape as the stage draws it (in the text colour: the colour is the version's),
/// with the light centre dot of a Service endpoint where the state has one.
#[function_component(PodGlyph)]
pub fn pod_glyph(props: &GlyphProps) -> Html {
    let ring = html! { <circle class="ring" r="5.2" /> };
    let endpoint = html! { <circle class="endpoint" r="1.7" /> };
    let body = match props.state {
        PodState::Pending => html! { <circle class="ring faint" r="5.2" /> },
        PodState::ContainerCreating => ring,
        PodState::Running => html! { <>{ ring }<path class="fill" d="M-6 0A6 6 0 0 0 6 0Z" /></> },
        PodState::Ready => html! { <>
            <circle class="fill light" r="6" />{ ring }{ endpoint }
        </> },
        PodState::Available => html! { <><circle class="fill" r="6" />{ endpoint }</> },
        PodState::Terminating => html! { <>
            <circle class="fill" r="6" /><rect class="bar" x="-3.7" y="-1" width="7.4" height="2" />
        </> },
        PodState::CrashLoopBackOff | PodState::ImagePullBackOff => html! { <>
            { ring }<path class="cross" d="M-2.6-2.6L2.6 2.6M2.6-2.6L-2.6 2.6" />
        </> },
    };
    html! {
        <svg class="glyph" viewBox="-7 -7 14 14" width="14" height="14" aria-hidden="true">{ body }</svg>
    }
}
