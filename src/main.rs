//! Rollout Lab in the browser.

fn main() {
    yew::Renderer::<rollout_lab_web::app::App>::new().render();
}
