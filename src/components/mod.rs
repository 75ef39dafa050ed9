//! The page's components: each takes small `PartialEq` props, dispatches and renders.

pub mod actions_panel;
pub mod chart;
pub mod cluster_panel;
pub mod compare_stages;
pub mod dist_field;
pub mod fenceposts;
pub mod field;
pub mod images_panel;
pub mod legend;
pub mod lesson_panel;
pub mod manifest_panel;
pub mod node_actions;
pub mod notice;
pub mod panes;
pub mod refresh_pane;
pub mod rollout_form;
pub mod rollout_steps;
pub mod settings_panel;
pub mod stage;
pub mod stage_table;
pub mod strategy_compare;
pub mod timeline;
pub mod traffic_chart;
pub mod traffic_panel;
pub mod tuning;
pub mod why;
