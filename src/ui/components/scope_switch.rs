//! "This site" / "the whole commons" when the widget has a home site, and "this map" / "the
//! whole atlas" when it has a sub-atlas: the partner's own view first, the commons one click
//! away.

use super::use_slow_ctx;
use crate::ui::i18n::Msg;
use crate::ui::state::Action;
use yew::prelude::*;

#[function_component]
pub fn ScopeSwitch() -> Html {
    let ctx = use_slow_ctx();
    let Some(atlas) = ctx.atlas() else { return html! {} };
    let v = &ctx.state.view;
    let site = atlas.home_site.and_then(|s| atlas.manifest.sites.get(s as usize));
    if site.is_none() && atlas.sub_atlas.is_empty() {
        return html! {};
    }
    let group = |key: &str, narrow: String, wide: String, is_wide: bool, make: fn(bool) -> Action| {
        let name = ctx.id(&format!("scope-{key}"));
        html! {
            <div class="ca-scope-group">
                <label class="ca-radio">
                    <input type="radio" name={name.clone()} checked={!is_wide} onchange={ctx.on::<Event>(make(false))} />
                    { narrow }
                </label>
                <label class="ca-radio">
                    <input type="radio" name={name} checked={is_wide} onchange={ctx.on::<Event>(make(true))} />
                    { wide }
                </label>
            </div>
        }
    };
    html! {
        <fieldset class="ca-scope">
            <legend>{ ctx.t(Msg::ScopeLabel) }</legend>
            if let Some(site) = site {
                { group("site", ctx.t(Msg::ThisSite(&site.name)), ctx.t(Msg::WholeCommons), !v.site_only, Action::SetWholeCommons) }
            }
            if !atlas.sub_atlas.is_empty() {
                { group("map", atlas.map_title(&ctx.langs).map_or_else(|| ctx.t(Msg::ThisMap), |t| ctx.t(Msg::MapLabel(t))), ctx.t(Msg::WholeAtlas), v.whole_atlas, Action::SetWholeAtlas) }
            }
        </fieldset>
    }
}
