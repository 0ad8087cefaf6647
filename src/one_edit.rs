//! The one-model way of `kheo build`: when the last build of the output
//! saw the site as it is now but for one model edited, added or removed,
//! only the pages that can show that model are looked at
//! ([`render::edit`]). Here the site is put back, for a moment, as that
//! build saw it: its [`render::Stats::state`] must be the one the build
//! recorded, and its set of pages tells what the edit may change
//! ([`Renderer::shape`]).

use std::path::Path;

use crate::render::edit::{Change, Edit};
use crate::render::{self, Renderer, theme::Theme};
use crate::site::Site;
use crate::{BuildOptions, output, progress};

/// What the last build of an output saw, when it saw the site as it is
/// now but for one model whose edit keeps its place
/// ([`render::edit::keeps_place`]), maybe under another slug
/// ([`render::edit::moves_page`]), or one model added or removed
/// ([`render::edit::may_come_or_go`]): the edit, every model's hash now,
/// and the shape of the site's pages then; and the theme, loaded to find
/// it.
pub(crate) struct EditSince {
    pub edit: Edit,
    pub hashes: Vec<u64>,
    pub shape: u64,
    pub theme: Theme,
}

/// Finds [`EditSince`]: puts the site back as the parse cache had it
/// (what the last build saw), checks that it then has the state the last
/// build recorded, and puts it as it is now again.
pub(crate) fn edit_since(
    opts: &BuildOptions,
    site: &mut Site,
    last: &output::Summary,
    had: &dyn Fn(&str) -> bool,
) -> Option<EditSince> {
    if site.loading.cache_id == 0 || last.cache != site.loading.cache_id {
        return None;
    }
    let gone = gone_since(opts, site, had)?;
    let l = &site.loading;
    match (
        l.models_anew.as_slice(),
        l.models_before.as_slice(),
        gone.as_slice(),
    ) {
        ([path], [old], []) if published(site, old, had) != Some(false) => {
            let (path, old) = (path.clone(), old.clone());
            edited(opts, site, last, &path, old)
        }
        // Back after a removal the cache kept no trace of: added.
        ([path], [_], []) | ([path], [], []) => {
            let path = path.clone();
            added(opts, site, last, &path)
        }
        ([], [], [gone]) => {
            let gone = gone.clone();
            removed(opts, site, last, gone)
        }
        _ => None,
    }
}

/// Whether the last build published model `m` (`had` says which files
/// its output holds); `None` when its page cannot be told without
/// indexing the site again.
fn published(site: &Site, m: &crate::content::Model, had: &dyn Fn(&str) -> bool) -> Option<bool> {
    let node = site.existing_node(m)?;
    let url = crate::site::model_url(&site.tree, m, node);
    Some(had(&render::edit::model_file(&url)))
}

/// Of the models the parse cache had whose files are gone, those the
/// last build published (`had` says which files its output holds): a
/// cache not written again since a model was removed still has it.
/// `None` when that cannot be told (a model whose node is gone too).
fn gone_since(
    opts: &BuildOptions,
    site: &Site,
    had: &dyn Fn(&str) -> bool,
) -> Option<Vec<crate::content::Model>> {
    let mut gone = Vec::new();
    for m in &site.loading.models_gone {
        if m.draft && !opts.drafts {
            continue;
        }
        if published(site, m, had)? {
            gone.push(m.clone());
        }
    }
    Some(gone)
}

/// The state, shape and model hashes of `site`, as a build sees them.
fn fingerprints(site: &Site, theme: &Theme) -> Option<(u64, u64, Vec<u64>)> {
    let _t = progress::trace::span("edit_since: fingerprints before the edit");
    Renderer::fingerprints_only(site, theme)
        .ok()
        .map(|r| (r.state(), r.shape(), r.model_hashes().to_vec()))
}

fn theme(opts: &BuildOptions, site: &Site) -> Option<Theme> {
    let _t = progress::trace::span("edit_since: theme");
    Theme::load(&opts.dir, &site.config.theme).ok()
}

/// One model read anew, whose old version `old` the cache had.
fn edited(
    opts: &BuildOptions,
    site: &mut Site,
    last: &output::Summary,
    path: &Path,
    old: crate::content::Model,
) -> Option<EditSince> {
    let now = site.model_at(path)?;
    // An edit of the body alone (the card hash covers everything else) is
    // the body way's, which needs none of this.
    let new = &site.models[now];
    let moved = render::edit::moves_page(&old, new);
    if !(moved || render::edit::keeps_place(&old, new)) || old.card_hash() == new.card_hash() {
        return None;
    }
    let theme = theme(opts, site)?;
    let new = site.models[now].clone();
    let was = site.replace_model(now, old);
    let before = fingerprints(site, &theme);
    let (old_year, old_field) = (site.models[was].year, site.models[was].field);
    let now = site.replace_model(was, new);
    let (state, shape, mut hashes) = before?;
    if state != last.state {
        return None;
    }
    hashes.remove(was);
    hashes.insert(now, render::model_hash(site, now));
    let edit = Edit {
        was,
        now,
        old_year,
        old_field,
        old_node: None,
        moved,
        change: Change::Kept,
    };
    Some(EditSince {
        edit,
        hashes,
        shape,
        theme,
    })
}

/// One model file new since the last build.
fn added(
    opts: &BuildOptions,
    site: &mut Site,
    last: &output::Summary,
    path: &Path,
) -> Option<EditSince> {
    let now = site.model_at(path)?;
    if !render::edit::may_come_or_go(site, now) {
        return None;
    }
    let theme = theme(opts, site)?;
    let node = site.model_node[now];
    let model = site.remove_model(now);
    // A full indexing of the site without it finds what the awards name
    // as this one did.
    let before = site
        .refs_hold()
        .then(|| fingerprints(site, &theme))
        .flatten();
    let (year, field) = (model.year, model.field);
    let at = site.insert_model(model, node);
    let (state, shape, mut hashes) = before?;
    if state != last.state || at != now {
        return None;
    }
    hashes.insert(now, render::model_hash(site, now));
    let edit = Edit {
        was: now,
        now,
        old_year: year,
        old_field: field,
        old_node: None,
        moved: false,
        change: Change::Added,
    };
    Some(EditSince {
        edit,
        hashes,
        shape,
        theme,
    })
}

/// One model whose file is gone since the last build, as the cache had
/// it.
fn removed(
    opts: &BuildOptions,
    site: &mut Site,
    last: &output::Summary,
    gone: crate::content::Model,
) -> Option<EditSince> {
    let node = site.existing_node(&gone)?;
    let theme = theme(opts, site)?;
    let was = site.insert_model(gone, node);
    let before = (render::edit::may_come_or_go(site, was) && site.refs_hold())
        .then(|| fingerprints(site, &theme))
        .flatten();
    let gone = site.remove_model(was);
    let (state, shape, mut hashes) = before?;
    if state != last.state {
        return None;
    }
    hashes.remove(was);
    let edit = Edit {
        was,
        now: was,
        old_year: gone.year,
        old_field: gone.field,
        old_node: Some(node),
        moved: false,
        change: Change::Removed,
    };
    Some(EditSince {
        edit,
        hashes,
        shape,
        theme,
    })
}
