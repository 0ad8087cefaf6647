//! Rebuilding less than everything after an edit under `kheo serve`: one
//! model's page ([`quick_update`]), the pages that can show one edited
//! model ([`edit_update`]), or the entries edited read again and the
//! pages whose fingerprint changed rendered ([`entry_update`]). Each says
//! `None` when the edit is not its kind; then the site is built whole.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::memory::{self, Files, MemorySink};
use super::{Built, Last, Session, live, render};
use crate::BuildOptions;
use crate::diag::Diagnostics;
use crate::render::edit::{Change, Edit};

/// When `changed` is one model file of `site`, still there and loading
/// without a problem: its index in `site` and its new version.
fn edited_model(
    opts: &BuildOptions,
    site: &crate::site::Site,
    changed: &[PathBuf],
) -> Option<(usize, crate::content::Model)> {
    let [one] = changed else { return None };
    let path = opts.dir.join(one);
    // An entry under a `_defaults.yaml` is read with them by a full build.
    if entry_kind(one) != Some(Kind::Model)
        || !path.is_file()
        || crate::content::defaults::any_over(&opts.dir, one)
    {
        return None;
    }
    let i = site.model_at(&path)?;
    let md = site.config.markdown_options();
    let bytes = std::fs::read(&path).ok()?;
    let file = crate::content::frontmatter::decode(&path, &bytes).ok()?;
    let model = crate::content::model::load(&file, &site.config, &md).ok()?;
    Some((i, model))
}

/// The node model `i` moves to when its new version `model` names
/// another locality, if the move changes nothing but which lists it is in:
/// the new locality is in the tree already, and another model there
/// writes it the same way, as another model left in the old node writes
/// the old one (a node's names come from how entries write them, so they
/// stay the same).
fn moved_to(
    site: &crate::site::Site,
    i: usize,
    model: &crate::content::Model,
) -> Option<crate::locality::NodeId> {
    let to = site.existing_node(model)?;
    let from = site.model_node[i];
    let written = |node: usize, locality: &[String]| {
        site.node_models[node]
            .iter()
            .any(|&j| j != i && site.model_node[j] == node && site.models[j].locality == locality)
    };
    (to != from && written(to, &model.locality) && written(from, &site.models[i].locality))
        .then_some(to)
}

/// Re-renders one model's page after an edit of `changed`, when nothing
/// else can have changed. `None` means: do a full rebuild.
pub fn quick_update(
    opts: &BuildOptions,
    session: &mut Session,
    changed: &[PathBuf],
) -> Option<Arc<Files>> {
    let last = session.last.as_mut()?;
    let (i, mut model) = edited_model(opts, &last.site, changed)?;
    // Its URL is made when the site places it: with the same card hash,
    // it is where it was.
    model.url = last.site.models[i].url.clone();
    // Only the body changed (the card hash covers every other field):
    // nothing but its page shows the body.
    if last.site.models[i].card_hash() != model.card_hash() {
        return None;
    }
    // A body may now name a photo of its bundle that the last build did
    // not publish: only a full build makes its files.
    if let Some(dir) = &model.bundle_dir
        && !last.site.images.knows_all_in(dir)
    {
        return None;
    }
    let old = std::mem::replace(&mut Arc::make_mut(&mut last.site).models[i], model);
    let theme = crate::render::theme::Theme::load(&opts.dir, &last.site.config.theme).ok();
    let rendered = theme
        .and_then(|t| crate::render::Renderer::for_one_page(&last.site, &t, &session.render).ok())
        .and_then(|r| r.render_model(i).ok());
    let Some((page, html)) = rendered else {
        Arc::make_mut(&mut last.site).models[i] = old;
        return None;
    };
    // Rendered outside the fingerprinted path: never keep it unseen.
    let files = Arc::make_mut(&mut last.files);
    files.fingerprints.remove(page.as_str());
    files
        .map
        .insert(page.into(), memory::Body::Bytes(Arc::new(html)));
    Some(Arc::clone(&last.files))
}

/// After an edit of one model that keeps its slug, images and draft
/// state (its field may change), and its locality or moves to another the site has
/// ([`moved_to`]), and adds or removes no page; its URL may change (a
/// title edit without `slug:`, another unit) when neither version has
/// photos, and a redirect is left at the old one: puts the new version in
/// place in the last site's indexes and renders only the pages that can
/// show it ([`crate::render::edit`]). Those are handed to
/// `publish` at once (the reload waits for nothing else); then the open
/// data is written, its unchanged records copied, into the session's files,
/// which the caller serves from then on. Returns how many pages were
/// looked at and how many of them were unchanged. `None`: not such an
/// edit, and the session is as it was; or the update failed half way,
/// and its last build is dropped (the next build starts afresh).
pub fn edit_update(
    opts: &BuildOptions,
    session: &mut Session,
    changed: &[PathBuf],
    publish: &mut dyn FnMut(Arc<Files>),
) -> Option<(usize, usize)> {
    let none = std::collections::HashSet::new();
    edit_update_shown(
        opts,
        session,
        changed,
        &none,
        &mut |_, _| {},
        &mut |files, _| publish(files),
    )
}

/// [`edit_update`], the pages that connected browsers show (`shown`,
/// files of the site) rendered and published first, with a reload of the
/// browsers showing them and the others not waiting for (`Reload::AllBut`
/// the rest), then the rest, reloading the browsers showing those
/// (`Reload::Only`); each browser reloads once, when its page is current.
/// `noted` is given the edited site before anything is published (for
/// its photos' warnings, [`super::photo_warnings`]), and whether a model
/// came or went (then the editor's list of entries changes too).
pub fn edit_update_shown(
    opts: &BuildOptions,
    session: &mut Session,
    changed: &[PathBuf],
    shown: &std::collections::HashSet<String>,
    noted: &mut dyn FnMut(&crate::site::Site, bool),
    publish: &mut dyn FnMut(Arc<Files>, live::Reload<'_>),
) -> Option<(usize, usize)> {
    let Session {
        last: slot, render, ..
    } = session;
    let last = slot.as_mut()?;
    let placed = match come_or_go(opts, last, changed) {
        Some(placed) => placed,
        None => edit_in_place(opts, last, changed),
    };
    let InPlace {
        edit,
        old_url,
        theme,
        hashes,
    } = match placed {
        Ok(p) => p,
        Err(touched) => {
            if touched {
                *slot = None;
            }
            return None;
        }
    };
    noted(&last.site, edit.change != Change::Kept);
    let (now, moved) = (edit.now, edit.moved);
    let t = crate::progress::trace::span("serve: renderer and shape");
    let done = crate::render::Renderer::with_model_hashes(&last.site, &theme, hashes, Some(render))
        .ok()
        .filter(|r| r.shape_before(&edit) == last.shape)
        .and_then(|r| {
            drop(t);
            // A browser showing the page that moved reloads to its
            // redirect: the new page comes first too, as does a new
            // model's page (the editor links it once saved).
            let follow: std::collections::HashSet<String>;
            let new_page = match edit.change {
                Change::Kept => moved && shown.contains(&crate::render::edit::model_file(&old_url)),
                Change::Added => true,
                Change::Removed => false,
            };
            let shown = if new_page {
                let new = crate::render::edit::model_file(&last.site.models[now].url);
                follow = shown.iter().cloned().chain([new]).collect();
                &follow
            } else {
                shown
            };
            let parts = r.edit_pages(&edit, shown);
            let sink = MemorySink::over(Arc::clone(&last.files));
            let _t = crate::progress::trace::span("serve: render the edit's pages (shown first)");
            // A browser showing the old page follows it, as a build's
            // output after the edit would have it.
            if moved {
                r.leave_redirect(&sink, &old_url, now).ok()?;
            }
            let mut looked = r.render_edit_part(&sink, &parts, false).ok()?;
            drop(_t);
            let mut kept = sink.kept();
            let mut files = sink.finish();
            if edit.change == Change::Removed {
                for gone in r.gone_files(&edit, &old_url) {
                    files.map.remove(gone.as_str());
                    files.fingerprints.remove(gone.as_str());
                }
            }
            let mut pages = Arc::new(files);
            if parts.is_split() {
                publish(
                    Arc::clone(&pages),
                    live::Reload::AllBut(parts.later_files()),
                );
                let sink = MemorySink::over(pages);
                let _t = crate::progress::trace::span("serve: render the edit's other pages");
                looked += r.render_edit_part(&sink, &parts, true).ok()?;
                kept += sink.kept();
                pages = Arc::new(sink.finish());
                publish(Arc::clone(&pages), live::Reload::Only(parts.later_files()));
            } else {
                publish(Arc::clone(&pages), live::Reload::All);
            }
            let sink = MemorySink::over(pages);
            r.write_open_data(&sink).ok()?;
            let mut files = sink.finish();
            if edit.change != Change::Kept {
                // A sitemap a file shorter leaves its last one behind.
                let mut k = r.sitemap_parts() + 1;
                while files
                    .map
                    .remove(format!("sitemap-{k}.xml").as_str())
                    .is_some()
                {
                    k += 1;
                }
            }
            Some((
                Arc::new(files),
                r.model_hashes().to_vec(),
                r.shape(),
                looked,
                kept,
            ))
        });
    match done {
        Some((files, hashes, shape, looked, kept)) => {
            last.files = files;
            last.hashes = hashes;
            last.shape = shape;
            Some((looked, kept))
        }
        None => {
            *slot = None;
            None
        }
    }
}

/// An edit put in place in the last site's indexes: the edit, the
/// model's URL before it (when it was there), the theme to render with,
/// and every model's hash after it.
struct InPlace {
    edit: Edit,
    old_url: String,
    theme: crate::render::theme::Theme,
    hashes: Vec<u64>,
}

/// Puts an edit of one model in place ([`edit_update_shown`]).
/// `Err(false)`: not such an edit, and the site is as it was;
/// `Err(true)`: the site was changed and cannot be trusted.
fn edit_in_place(
    opts: &BuildOptions,
    last: &mut Last,
    changed: &[PathBuf],
) -> Result<InPlace, bool> {
    let (i, model) = edited_model(opts, &last.site, changed).ok_or(false)?;
    let cfg = &last.site.config;
    let old = &last.site.models[i];
    let to = if crate::render::edit::keeps_place(old, &model) {
        None
    } else if crate::render::edit::moves_locality(old, &model) {
        Some(moved_to(&last.site, i, &model).ok_or(false)?)
    } else if crate::render::edit::moves_page(old, &model) {
        None
    } else {
        return Err(false);
    };
    // A title edit of an entry without `slug:`, or a move to another
    // unit, moves its page: the new URL must be one a full indexing would
    // give it without a problem, checked before anything changes.
    let node = to.unwrap_or(last.site.model_node[i]);
    let moved = crate::site::model_url(&last.site.tree, &model, node) != old.url;
    if moved
        && !(crate::render::edit::may_move(old, &model) && last.site.url_is_free(i, &model, node))
    {
        return Err(false);
    }
    let theme = crate::render::theme::Theme::load(&opts.dir, &cfg.theme).map_err(|_| false)?;
    let (old_year, old_field, old_url) = (old.year, old.field, old.url.clone());
    let old_node = to.map(|_| last.site.model_node[i]);
    let now = Arc::make_mut(&mut last.site).move_model(i, model, to);
    // The awards' references were resolved with its old slug: a full
    // indexing must find each naming what it did.
    if moved && !last.site.refs_hold() {
        return Err(true);
    }
    let mut hashes = std::mem::take(&mut last.hashes);
    hashes.remove(i);
    hashes.insert(now, crate::render::model_hash(&last.site, now));
    let edit = Edit {
        was: i,
        now,
        old_year,
        old_field,
        old_node,
        moved,
        change: Change::Kept,
    };
    Ok(InPlace {
        edit,
        old_url,
        theme,
        hashes,
    })
}

/// When `changed` is one model file new since the last build, or one of
/// its models whose file is gone: puts that in place
/// ([`edit_in_place`]'s results), if the model may come or go the
/// one-model way ([`crate::render::edit::may_come_or_go`]) and a full
/// indexing would place it where it is put. `None`: neither.
fn come_or_go(
    opts: &BuildOptions,
    last: &mut Last,
    changed: &[PathBuf],
) -> Option<Result<InPlace, bool>> {
    let [one] = changed else { return None };
    let path = opts.dir.join(one);
    if entry_kind(one) != Some(Kind::Model) || crate::content::defaults::any_over(&opts.dir, one) {
        return None;
    }
    let site = &last.site;
    let (change, at, node) = if path.is_file() {
        // A file that had errors is a full build's: it was left out.
        if site.model_at(&path).is_some() || site.broken.iter().any(|m| m.path == path) {
            return None;
        }
        let md = site.config.markdown_options();
        let bytes = std::fs::read(&path).ok()?;
        let file = crate::content::frontmatter::decode(&path, &bytes).ok()?;
        let model = crate::content::model::load(&file, &site.config, &md).ok()?;
        let node = site.existing_node(&model)?;
        if model.draft && !opts.drafts || !site.url_is_free(usize::MAX, &model, node) {
            return Some(Err(false));
        }
        let at = Arc::make_mut(&mut last.site).insert_model(model, node);
        (Change::Added, at, node)
    } else {
        let i = site.model_at(&path)?;
        (Change::Removed, i, site.model_node[i])
    };
    let theme = crate::render::theme::Theme::load(&opts.dir, &last.site.config.theme).ok();
    let (Some(theme), true) = (theme, crate::render::edit::may_come_or_go(&last.site, at)) else {
        if change == Change::Added {
            Arc::make_mut(&mut last.site).remove_model(at);
        }
        return Some(Err(false));
    };
    let model = &last.site.models[at];
    let (old_year, old_field, old_url) = (model.year, model.field, model.url.clone());
    let site = Arc::make_mut(&mut last.site);
    let mut hashes = std::mem::take(&mut last.hashes);
    match change {
        Change::Added => hashes.insert(at, crate::render::model_hash(site, at)),
        _ => {
            site.remove_model(at);
            hashes.remove(at);
        }
    }
    // A full indexing finds what the awards name as the last one did.
    if !site.refs_hold() {
        return Some(Err(true));
    }
    let edit = Edit {
        was: at,
        now: at,
        old_year,
        old_field,
        old_node: (change == Change::Removed).then_some(node),
        moved: false,
        change,
    };
    Some(Ok(InPlace {
        edit,
        old_url,
        theme,
        hashes,
    }))
}

/// Which entry list a changed file belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Model,
    Award,
    Page,
}

fn entry_kind(rel: &Path) -> Option<Kind> {
    if rel.extension().is_none_or(|e| e != "md") || rel == Path::new("content/pages/_index.md") {
        return None;
    }
    if rel.starts_with("content/models") {
        Some(Kind::Model)
    } else if rel.starts_with("content/awards") {
        Some(Kind::Award)
    } else if rel.starts_with("content/pages") {
        Some(Kind::Page)
    } else {
        None
    }
}

/// After edits of entry files alone (models, awards, free pages: changed,
/// added, deleted or renamed): reads only those files again, indexes the
/// site again from the last good one, and renders only the pages whose
/// fingerprint changed (the rest are kept, see [`MemorySink::after`]).
/// `None`: something else changed (a template, `site.yaml`…), do a full
/// rebuild.
pub fn entry_update(
    opts: &BuildOptions,
    session: &Session,
    changed: &[PathBuf],
    early: super::Early<'_>,
) -> Option<Built> {
    let last = session.last.as_ref()?;
    if changed.is_empty() {
        return None;
    }
    let start = Instant::now();
    let kinds: Vec<Kind> = changed
        .iter()
        .map(|p| entry_kind(p))
        .collect::<Option<_>>()?;
    // An entry under a `_defaults.yaml` is read with them by a full build.
    if changed
        .iter()
        .any(|p| crate::content::defaults::any_over(&opts.dir, p))
    {
        return None;
    }
    let old = &last.site;
    let cfg = old.config.clone();
    let md = cfg.markdown_options();
    let mut diags = Diagnostics::new();
    let mut content = crate::content::Content {
        models: old.models.clone(),
        awards: old.awards.clone(),
        pages: old.pages.clone(),
        broken_models: Vec::new(),
        home_intro: old.home_intro.clone(),
        extra_localities: old.extra_localities.clone(),
        loading: crate::content::Loading {
            parsed: changed.len(),
            ..Default::default()
        },
    };
    for (rel, kind) in changed.iter().zip(kinds) {
        let path = opts.dir.join(rel);
        content.models.retain(|m| m.path != path);
        content.awards.retain(|a| a.path != path);
        content.pages.retain(|p| p.path != path);
        if !path.is_file() {
            continue;
        }
        let file = match std::fs::read(&path)
            .map_err(|e| crate::diag::io_error(&path, &e))
            .and_then(|b| crate::content::frontmatter::decode(&path, &b))
        {
            Ok(f) => f,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let drafts = opts.drafts;
        let loaded = match kind {
            Kind::Model => crate::content::model::load(&file, &cfg, &md)
                .map(|m| (m.draft && !drafts, Some(m), None, None)),
            Kind::Award => crate::content::award::load(&file, &md)
                .map(|a| (a.draft && !drafts, None, Some(a), None)),
            Kind::Page => crate::content::page::load(&file, &md)
                .map(|p| (p.draft && !drafts, None, None, Some(p))),
        };
        match loaded {
            Ok((true, ..)) => {}
            Ok((false, m, a, p)) => {
                content.models.extend(m);
                content.awards.extend(a);
                content.pages.extend(p);
            }
            Err(ds) => diags.extend(ds),
        }
    }
    // Loading sorts by path; indexing relies on no order but its own.
    content.models.sort_by(|a, b| a.path.cmp(&b.path));
    content.awards.sort_by(|a, b| a.path.cmp(&b.path));
    content.pages.sort_by(|a, b| a.path.cmp(&b.path));
    let site = crate::site::Site::build_after(cfg, content, old, &mut diags);
    Some(render(
        opts,
        session,
        site,
        || MemorySink::after(Arc::clone(&last.files)),
        diags,
        start,
        early,
    ))
}

/// The changed paths that can change the site: not those that are gone
/// and that the last build did not read, such as the temporary file an
/// editor (or `sed -i`) saves and renames onto the entry it edits. Left
/// in, such a file would turn a one-model edit into a full rebuild.
pub fn that_matter(opts: &BuildOptions, last: &Last, changed: &[PathBuf]) -> Vec<PathBuf> {
    let read = |rel: &Path| {
        opts.dir.join(rel).exists()
            || !rel.starts_with("content")
            || rel
                .extension()
                .is_some_and(|e| e == "md" || e == "yaml" || e == "yml")
            || last
                .files
                .map
                .values()
                .any(|b| matches!(b, memory::Body::File(p) if p.ends_with(rel)))
    };
    changed.iter().filter(|p| read(p)).cloned().collect()
}
