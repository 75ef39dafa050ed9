//! A message for the user: an import that failed, a broken shared link, a restored session.

use crate::i18n::tr;
use crate::state::Notice;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub notice: Option<Notice>,
    pub on_dismiss: Callback<()>,
}

#[function_component(NoticeBar)]
pub fn notice_bar(p: &NoticeProps) -> Html {
    let Some(n) = &p.notice else { return html! {} };
    html! {
        <div id="notice" class={classes!("notice", n.error.then_some("error"))} role={if n.error { "alert" } else { "status" }}>
            <span class="notice-text">{ n.text.clone() }</span>
            if let Some(data) = n.export.clone() {
                <button id="export-unreadable" onclick={Callback::from(move |_| crate::files::download("rollout-lab-unreadable-scenario.json", &data, "application/json"))}>
                    { tr("Download it") }
                </button>
            }
            <button class="dismiss" onclick={p.on_dismiss.reform(|_| ())} aria-label={tr("Dismiss")}>{ "×" }</button>
        </div>
    }
}
