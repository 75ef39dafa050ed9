//! A labelled text input whose label carries the Kubernetes field name, with the validation
//! message beside it.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The validation messages for a field path, one a line; `None` when it has none.
pub fn messages_for(errors: &[(String, String)], path: &str) -> Option<AttrValue> {
    let msgs: Vec<&str> = errors
        .iter()
        .filter(|(f, _)| f == path)
        .map(|(_, m)| m.as_str())
        .collect();
    (!msgs.is_empty()).then(|| msgs.join("\n").into())
}

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    /// The short name, e.g. `maxSurge`.
    pub label: AttrValue,
    /// The full field path, e.g. `spec.strategy.rollingUpdate.maxSurge`.
    pub field: AttrValue,
    pub value: String,
    #[prop_or_default]
    pub hint: AttrValue,
    #[prop_or(AttrValue::Static("text"))]
    pub inputmode: AttrValue,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    pub on_input: Callback<String>,
}

#[function_component(TextField)]
pub fn text_field(p: &TextFieldProps) -> Html {
    let oninput = {
        let cb = p.on_input.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            cb.emit(input.value());
        })
    };
    let error_id = format!("{}-error", p.id);
    let hint_id = format!("{}-hint", p.id);
    let described = if p.error.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        hint_id.clone()
    };
    html! {
        <div class={classes!("field", p.error.is_some().then_some("invalid"))}>
            <label for={p.id.clone()}>
                <span class="field-name">{ crate::i18n::tr_value(&p.label) }</span>
                <code class="field-path">{ p.field.clone() }</code>
            </label>
            <input id={p.id.clone()} name={p.field.clone()} type="text" autocomplete="off" spellcheck="false"
                inputmode={p.inputmode.clone()} value={p.value.clone()} {oninput}
                aria-invalid={p.error.is_some().to_string()} aria-describedby={described} />
            <small id={hint_id} class="hint">{ crate::i18n::tr_value(&p.hint) }</small>
            if let Some(err) = &p.error {
                <p id={error_id} class="error" role="alert">{ err.clone() }</p>
            }
        </div>
    }
}
