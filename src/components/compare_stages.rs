//! Settings A and B side by side, locked to one playhead, each captioned with its pod counts
//! at that moment (the canvases show the same as pictures).

use super::stage::Stage;
use crate::player::PlayerHandle;
use rollout_engine::api::Millis;
use rollout_engine::sim::snapshot::Counts;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CompareStagesProps {
    pub player: PlayerHandle,
    pub version: u64,
    pub playhead: Millis,
    pub presenter: bool,
    /// B's caption ("B: maxSurge 1, maxUnavailable 0", "B: Argo blue-green").
    pub label_b: AttrValue,
    pub counts_a: Counts,
    pub counts_b: Counts,
}

/// "3 old · 2 new · 4 available": what a stage shows, in words.
pub fn counts_text(c: &Counts) -> String {
    crate::i18n::trf(
        "{old} old · {new} new · {available} available",
        &[
            ("old", &c.old),
            ("new", &c.new),
            ("available", &c.available),
        ],
    )
}

#[function_component(CompareStages)]
pub fn compare_stages(p: &CompareStagesProps) -> Html {
    let side = |label: String, counts: &Counts, side_b: bool| {
        html! {
            <figure>
                <figcaption>
                    { label }
                    <span class={classes!("stage-counts")} id={if side_b { "counts-b" } else { "counts-a" }}>{ counts_text(counts) }</span>
                </figcaption>
                <Stage player={p.player.clone()} version={p.version} playhead={p.playhead} presenter={p.presenter} {side_b} />
            </figure>
        }
    };
    html! {
        <div class="compare-stages">
            { side(crate::i18n::tr("A: the current setting").to_string(), &p.counts_a, false) }
            { side(p.label_b.to_string(), &p.counts_b, true) }
        </div>
    }
}
