//! The editor's first page, `/_sua/`: every entry of the last build, each
//! linking to its form, filtered by locality, field, year and "has
//! problems" (a plain GET form, so it works without script and from the
//! keyboard), at most [`MAX_ROWS`] at once, with the links that start a
//! new model or award.

use std::collections::{BTreeSet, HashMap};

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::{Entry, page};
use crate::serve::http::{App, html_escape};

/// Rows one page lists: a national site's 100,000 entries are found
/// through the filters, not by scrolling.
const MAX_ROWS: usize = 500;

/// Lower case without diacritics, so that "ha noi" finds "Hà Nội".
fn plain(s: &str) -> String {
    crate::locality::registry::coarse(&s.to_lowercase())
}

/// What the filters ask for.
struct Filter {
    locality: String,
    field: String,
    year: Option<i32>,
    problems: bool,
}

impl Filter {
    fn from(q: &HashMap<String, String>) -> Filter {
        let get = |k: &str| q.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
        Filter {
            locality: get("dia-ban"),
            field: get("linh-vuc"),
            year: get("nam").parse().ok(),
            problems: !get("loi").is_empty(),
        }
    }

    fn keeps(&self, e: &Entry, locality: &str) -> bool {
        (locality.is_empty() || plain(&e.locality).contains(locality))
            && (self.field.is_empty() || e.field == self.field)
            && self.year.is_none_or(|y| e.year == y)
            && (!self.problems || e.errors + e.warnings > 0)
    }
}

fn options(values: &BTreeSet<String>, chosen: &str, all: &str) -> String {
    let mut out = format!("<option value=\"\">{}</option>", html_escape(all));
    for v in values {
        let sel = if v == chosen { " selected" } else { "" };
        out.push_str(&format!("<option{sel}>{}</option>", html_escape(v)));
    }
    out
}

/// The entry list.
pub async fn list(State(app): State<App>, Query(q): Query<HashMap<String, String>>) -> Response {
    let m = app.guard.messages();
    let entries = app.state.entries();
    let f = Filter::from(&q);
    let wanted = plain(&f.locality);
    let fields: BTreeSet<String> = entries
        .iter()
        .map(|e| e.field.clone())
        .filter(|s| !s.is_empty())
        .collect();
    let years: BTreeSet<String> = entries.iter().map(|e| e.year.to_string()).collect();
    let all = m.get("editor-filter-all");
    let mut rows = String::new();
    let matching: Vec<&Entry> = entries.iter().filter(|e| f.keeps(e, &wanted)).collect();
    let shown = matching.len();
    for e in matching.into_iter().take(MAX_ROWS) {
        let kind = m.get(if e.award {
            "editor-kind-award"
        } else {
            "editor-kind-model"
        });
        let problems = match (e.errors, e.warnings) {
            (0, 0) => String::new(),
            (errors, warnings) => m.text(
                &crate::l10n::Msg::new("editor-problem-count")
                    .arg("errors", errors)
                    .arg("warnings", warnings),
            ),
        };
        rows.push_str(&format!(
            "<tr><td>{}</td><td><a href=\"{}\">{}</a></td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            html_escape(&kind),
            html_escape(&super::form::edit_href(&e.file)),
            html_escape(&e.title),
            html_escape(&e.file),
            html_escape(&e.locality),
            html_escape(&e.field),
            e.year,
            html_escape(&problems),
        ));
    }
    let col = |id: &'static str| format!("<th scope=\"col\">{}</th>", html_escape(&m.get(id)));
    let table = if entries.is_empty() {
        format!("<p>{}</p>", html_escape(&m.get("editor-empty")))
    } else {
        format!(
            "<p role=\"status\">{}</p>\n<table><thead><tr>{}{}{}{}{}{}{}</tr></thead>\n<tbody>\n{rows}</tbody></table>",
            html_escape(&m.text(&if shown > MAX_ROWS {
                crate::l10n::Msg::new("editor-filter-more")
                    .arg("listed", MAX_ROWS)
                    .arg("shown", shown)
                    .arg("total", entries.len())
            } else {
                crate::l10n::Msg::new("editor-filter-count")
                    .arg("shown", shown)
                    .arg("total", entries.len())
            })),
            col("editor-col-kind"),
            col("editor-col-title"),
            col("editor-col-file"),
            col("editor-col-locality"),
            col("editor-col-field"),
            col("editor-col-year"),
            col("editor-col-problems"),
        )
    };
    let checked = if f.problems { " checked" } else { "" };
    let filters = format!(
        "<form class=\"loc\" method=\"get\" action=\"/_sua/\" role=\"search\">\
<div><label for=\"l-dia-ban\">{l_loc}</label><input id=\"l-dia-ban\" name=\"dia-ban\" value=\"{loc}\"></div>\
<div><label for=\"l-linh-vuc\">{l_field}</label><select id=\"l-linh-vuc\" name=\"linh-vuc\">{fields}</select></div>\
<div><label for=\"l-nam\">{l_year}</label><select id=\"l-nam\" name=\"nam\">{years}</select></div>\
<div class=\"o\"><input type=\"checkbox\" id=\"l-loi\" name=\"loi\" value=\"1\"{checked}><label for=\"l-loi\">{l_problems}</label></div>\
<div><button type=\"submit\">{apply}</button></div></form>",
        l_loc = html_escape(&m.get("editor-filter-locality")),
        loc = html_escape(&f.locality),
        l_field = html_escape(&m.get("editor-filter-field")),
        fields = options(&fields, &f.field, &all),
        l_year = html_escape(&m.get("editor-filter-year")),
        years = options(
            &years,
            &f.year.map(|y| y.to_string()).unwrap_or_default(),
            &all
        ),
        l_problems = html_escape(&m.get("editor-filter-problems")),
        apply = html_escape(&m.get("editor-filter-apply")),
    );
    let problems = match app.state.problems() {
        Some(p) => format!(
            "<div class=\"loi-chung\" role=\"alert\"><pre>{}</pre></div>",
            html_escape(&p)
        ),
        None => String::new(),
    };
    let main = format!(
        "<p class=\"them\"><a class=\"nut\" href=\"/_sua/them?loai=mo-hinh\">{}</a> <a class=\"nut\" href=\"/_sua/them?loai=khen-thuong\">{}</a></p>\n{problems}{filters}\n{table}",
        html_escape(&m.get("editor-new-model")),
        html_escape(&m.get("editor-new-award")),
    );
    page(&app, StatusCode::OK, &m.get("editor-title"), &main)
}
