//! The live preview (`POST /_sua/api/xem-truoc`, the form's fields): the
//! entry the form would save, rendered by the site's own renderer and
//! theme ([`crate::render::Renderer::render_model`], as serve renders one
//! edited model's page), in a site of that model alone, so a preview
//! costs one page whatever the size of the site. The script shows it in
//! a frame beside the form; an award is rendered the same way, in a site
//! of that award and the models it names, read from their files
//! ([`named_models`]). A form that does not read as an entry yet gets a
//! short note instead.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::form::{kind_named, kind_of};
use super::guarded;
use super::posted::posted;
use crate::content::{Award, Model};
use crate::edit::create;
use crate::edit::schema::Kind;
use crate::serve::http::{App, html, html_escape};

fn note(app: &App, id: &'static str) -> Response {
    let m = app.guard.messages();
    let page = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"></head><body><p>{}</p></body></html>",
        m.lang().code(),
        html_escape(&m.get(id))
    );
    guarded(html(StatusCode::OK, page.into_bytes()))
}

/// `POST /_sua/api/xem-truoc`.
pub async fn preview(State(app): State<App>, Form(form): Form<Vec<(String, String)>>) -> Response {
    let rel = posted(&form, "tep");
    let kind = match rel {
        Some(r) => kind_of(r),
        None => posted(&form, "loai").and_then(kind_named),
    };
    let Some(kind) = kind else {
        return note(&app, "editor-preview-unreadable");
    };
    let p = super::save::read(&app, kind, &form);
    // Photos uploaded but not saved yet are shown from where they wait;
    // their published widths are made once they are saved.
    let clean = super::save::waiting(&p);
    let ctx = app.editor.ctx(app.state.settings());
    let root = app.editor.root();
    let made = match rel {
        Some(rel) => super::form::open_entry(&app, rel)
            .ok()
            .and_then(|(_, text, _)| {
                super::save::text_after(&p, &clean, (&root.join(rel), &text))
                    .ok()
                    .map(|t| (rel.to_string(), t))
            }),
        None => {
            let edit = crate::edit::form::edit(
                &p.fields,
                &super::form::opened_new(),
                &clean,
                Some(p.body.clone()),
            );
            create::plan(&ctx.checker, kind, &edit)
                .ok()
                .map(|pl| (pl.rel, pl.text))
        }
    };
    let Some((rel, text)) = made else {
        return note(&app, "editor-preview-unreadable");
    };
    let mut scratch = None;
    let content = match kind {
        Kind::Model => {
            let Some(mut model) = ctx.checker.model(&rel, &text) else {
                return note(&app, "editor-preview-unreadable");
            };
            // The renderer reads the body again from the model's file (so
            // that a file edited during a build is noticed): here, a
            // scratch copy of the text the form would save, outside the
            // site.
            let Some(path) = scratch_file(&text) else {
                return note(&app, "editor-preview-unreadable");
            };
            model.path = path.clone();
            scratch = Some(path);
            crate::content::Content {
                models: vec![model],
                ..Default::default()
            }
        }
        Kind::Award => {
            let Some(award) = ctx.checker.award(&rel, &text) else {
                return note(&app, "editor-preview-unreadable");
            };
            crate::content::Content {
                models: named_models(&app, &ctx, &award),
                awards: vec![award],
                ..Default::default()
            }
        }
    };
    let page = render(&app, &ctx, kind, content);
    if let Some(path) = scratch {
        let _ = std::fs::remove_file(path);
    }
    match page {
        Some(page) => guarded(html(StatusCode::OK, page)),
        None => note(&app, "editor-preview-unreadable"),
    }
}

/// The page of the one entry of `content`, rendered with the site's theme
/// for this server's address.
fn render(
    app: &App,
    ctx: &super::Ctx,
    kind: Kind,
    mut content: crate::content::Content,
) -> Option<Vec<u8>> {
    let mut cfg = ctx.checker.config().clone();
    let url = app.guard.url();
    cfg.base_url = crate::config::normalize_base_url(url.trim_end_matches("_sua/"));
    let theme = crate::render::theme::Theme::load(app.editor.root(), &cfg.theme).ok()?;
    content.extra_localities = ctx.checker.extra_localities().to_vec();
    // Problems are the form's checker's to report, not the preview's.
    let mut diags = crate::diag::Diagnostics::new();
    let site = crate::site::Site::build(cfg, content, &mut diags);
    let renderer = crate::render::Renderer::new(&site, &theme).ok()?;
    let rendered = match kind {
        Kind::Model if !site.models.is_empty() => renderer.render_model(0),
        Kind::Award if !site.awards.is_empty() => renderer.render_award(0),
        _ => return None,
    };
    rendered.ok().map(|(_, page)| page)
}

/// How many of an award's references a preview reads models for: an
/// award names a handful; the cap bounds what one keystroke costs.
const NAMED_MAX: usize = 100;

/// The models `award` names, read from their files, so that its preview
/// shows them as its page does. A reference is matched against the
/// models of the last build by its last part (a slug, or the end of a
/// page's URL) or, when it names a file, by that file; the site's own
/// resolver then picks among them as a build does, so a few models too
/// many change nothing. Models that do not read are left out.
fn named_models(app: &App, ctx: &super::Ctx, award: &Award) -> Vec<Model> {
    fn last_part(s: &str) -> &str {
        s.trim()
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
    }
    let written: Vec<&str> = award
        .refs
        .iter()
        .take(NAMED_MAX)
        .map(|(w, _)| w.trim())
        .collect();
    let slugs: std::collections::HashSet<&str> = written.iter().map(|w| last_part(w)).collect();
    // References written as files (rare): checked against every entry.
    let file_refs: Vec<&str> = written
        .iter()
        .copied()
        .filter(|w| w.ends_with(".md"))
        .collect();
    let named_file = |file: &str| {
        let short = [
            file.strip_prefix("content/"),
            file.strip_prefix("content/models/"),
        ];
        file_refs
            .iter()
            .any(|w| *w == file || short.contains(&Some(*w)))
    };
    // One pass over a national site's entries, whatever the award names.
    let entries = app.state.entries();
    let files: Vec<&str> = entries
        .iter()
        .filter(|e| !e.award)
        .filter(|e| {
            (!e.page.is_empty() && slugs.contains(last_part(&e.page))) || named_file(&e.file)
        })
        .map(|e| e.file.as_str())
        .collect();
    let root = app.editor.root();
    files
        .into_iter()
        .filter_map(|rel| {
            let text = std::fs::read_to_string(root.join(rel)).ok()?;
            ctx.checker.model(rel, &text)
        })
        .collect()
}

/// `text` in a new file of the system's temporary folder, named at
/// random (two previews at once never share one).
fn scratch_file(text: &str) -> Option<std::path::PathBuf> {
    let name = crate::edit::random_hex(8).ok()?;
    let path = std::env::temp_dir().join(format!("kheo-xem-truoc-{name}.md"));
    std::fs::write(&path, text).ok()?;
    Some(path)
}
