//! One HTML control per field of [`crate::edit::schema::fields`].
//!
//! A control's shape follows what [`crate::edit::form::input`] gives for
//! the file's value (text, list, rows, pairs, tick box), not only the
//! field's kind, so a key the file writes unusually comes back as it
//! was. The names the controls post are [`super::posted`]'s. One empty
//! row is always there, so rows are added without script too.

use crate::edit::check::Problem;
use crate::edit::form::Input;
use crate::edit::schema::{ChoiceOption, Control, Field, Required};
use crate::l10n::{Lang, Messages, Msg};
use crate::serve::http::html_escape as esc;

/// How a field is drawn and read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Text,
    Bool,
    List,
    Rows,
    Pairs,
}

impl Shape {
    fn name(self) -> &'static str {
        match self {
            Shape::Text => "text",
            Shape::Bool => "bool",
            Shape::List => "list",
            Shape::Rows => "rows",
            Shape::Pairs => "pairs",
        }
    }

    pub fn parse(s: &str) -> Option<Shape> {
        Some(match s {
            "text" => Shape::Text,
            "bool" => Shape::Bool,
            "list" => Shape::List,
            "rows" => Shape::Rows,
            "pairs" => Shape::Pairs,
            _ => return None,
        })
    }

    /// The shape for `input` of `field`: the value's own, and the
    /// field's for an empty one.
    pub fn of(field: &Field, input: &Input) -> Shape {
        match input {
            Input::Bool(_) => Shape::Bool,
            Input::List(_) => Shape::List,
            Input::Rows(_) => Shape::Rows,
            Input::Pairs(_) => Shape::Pairs,
            Input::Text(t) if !t.is_empty() => Shape::Text,
            Input::Text(_) => match field.control {
                Control::Bool => Shape::Bool,
                Control::Words | Control::Models => Shape::List,
                Control::Rows { .. } => Shape::Rows,
                Control::Counts { .. } | Control::Notes => Shape::Pairs,
                _ => Shape::Text,
            },
        }
    }
}

fn choice_name(o: &ChoiceOption, lang: Lang) -> &str {
    match lang {
        Lang::En => &o.en,
        _ => &o.vi,
    }
}

/// A `<select>` of `options`, the current value `now` kept even when it
/// is not one of them (a form sent back unchanged changes nothing).
fn select(
    id: &str,
    name: &str,
    options: &[ChoiceOption],
    now: &str,
    lang: Lang,
    extra: &str,
) -> String {
    let mut out = format!(
        "<select id=\"{id}\" name=\"{}\"{extra}><option value=\"\">—</option>",
        esc(name)
    );
    if !now.is_empty() && !options.iter().any(|o| o.key == now) {
        out.push_str(&format!(
            "<option value=\"{0}\" selected>{0}</option>",
            esc(now)
        ));
    }
    for o in options {
        let sel = if o.key == now { " selected" } else { "" };
        out.push_str(&format!(
            "<option value=\"{}\"{sel}>{}</option>",
            esc(&o.key),
            esc(choice_name(o, lang))
        ));
    }
    out.push_str("</select>");
    out
}

/// A text area; the newline after the tag is eaten by every HTML
/// parser, so a value that starts with one keeps it.
fn textarea(id: &str, name: &str, value: &str, rows: usize, extra: &str) -> String {
    format!(
        "<textarea id=\"{id}\" name=\"{}\" rows=\"{rows}\"{extra}>\n{}</textarea>",
        esc(name),
        esc(value)
    )
}

/// An `<input>`; without a name (a search that only helps to fill
/// another field) it is never posted.
fn input(id: &str, name: &str, value: &str, extra: &str) -> String {
    let name = if name.is_empty() {
        String::new()
    } else {
        format!(" name=\"{}\"", esc(name))
    };
    format!("<input id=\"{id}\"{name} value=\"{}\"{extra}>", esc(value))
}

/// A single-value control of `field` (by its kind).
fn scalar(field: &Field, id: &str, name: &str, value: &str, m: &Messages, extra: &str) -> String {
    match &field.control {
        Control::LongText => textarea(id, name, value, 3, extra),
        Control::Choice { options } => select(id, name, options, value, m.lang(), extra),
        Control::Year => input(
            id,
            name,
            value,
            &format!(" inputmode=\"numeric\" size=\"6\"{extra}"),
        ),
        Control::Date => input(
            id,
            name,
            value,
            &format!(" placeholder=\"2024-05-01\" size=\"12\"{extra}"),
        ),
        Control::Period => input(
            id,
            name,
            value,
            &format!(" placeholder=\"2019-2024\" size=\"12\"{extra}"),
        ),
        Control::Url => input(
            id,
            name,
            value,
            &format!(" inputmode=\"url\" placeholder=\"https://\"{extra}"),
        ),
        Control::Locality => combobox(id, name, value, &format!(" data-dia-ban{extra}")),
        Control::Model => combobox(id, name, value, &format!(" data-mo-hinh=\"\"{extra}")),
        _ => input(id, name, value, extra),
    }
}

/// A text input with a list of suggestions under it (an ARIA combobox);
/// `extra` says which (`data-dia-ban`: localities, `data-mo-hinh`: the
/// site's models, see `sua.js`).
fn combobox(id: &str, name: &str, value: &str, extra: &str) -> String {
    let list = format!("g-{id}");
    format!(
        "{}<ul class=\"goi-y\" id=\"{list}\" role=\"listbox\" hidden></ul>",
        input(
            id,
            name,
            value,
            &format!(
                " role=\"combobox\" autocomplete=\"off\" aria-autocomplete=\"list\" aria-expanded=\"false\" aria-controls=\"{list}\"{extra}"
            )
        )
    )
}

/// Under an award's list of models: a search over the site's models that
/// adds the one picked to the list (by its file, which names one model
/// however many share its title). Shown by the script; it has no name, so
/// it is never posted.
fn model_picker(list_id: &str, m: &Messages) -> String {
    let id = format!("{list_id}-tim");
    format!(
        "<div class=\"chon-mo-hinh\" hidden><label for=\"{id}\">{}</label>{}</div>",
        esc(&m.get("editor-model-pick")),
        combobox(&id, "", "", &format!(" data-mo-hinh=\"{list_id}\""))
    )
}

/// The problems beside one field, and the `aria-describedby` that ties
/// them (and the field's hint) to its control.
fn described(key: &str, hint: bool, problems: &[&Problem]) -> (String, String) {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("h-{key}"));
    }
    let mut html = String::new();
    if !problems.is_empty() {
        ids.push(format!("e-{key}"));
        html.push_str(&format!("<div class=\"loi\" id=\"e-{key}\">"));
        for p in problems {
            let class = if p.error { "" } else { " class=\"canh-bao\"" };
            html.push_str(&format!("<p{class}>{}", esc(&p.message)));
            if let Some(h) = &p.help {
                html.push_str(&format!(" <span class=\"goi-y-sua\">{}</span>", esc(h)));
            }
            html.push_str("</p>");
        }
        html.push_str("</div>");
    }
    let mut attr = String::new();
    if !ids.is_empty() {
        attr = format!(" aria-describedby=\"{}\"", ids.join(" "));
    }
    if problems.iter().any(|p| p.error) {
        attr.push_str(" aria-invalid=\"true\"");
    }
    (html, attr)
}

/// The hint under a field's label: required, private, how to type it.
fn hint(field: &Field, shape: Shape, m: &Messages) -> String {
    let mut parts = Vec::new();
    match field.required {
        Required::Yes => parts.push(m.get("edit-required")),
        Required::OneOf(keys) => {
            let names: Vec<String> = keys
                .iter()
                .map(|k| {
                    m.dynamic(&format!("edit-field-{k}"))
                        .unwrap_or_else(|| k.to_string())
                })
                .collect();
            parts.push(m.text(&Msg::new("edit-required-one-of").arg("keys", names.join(", "))))
        }
        Required::No => {}
    }
    if shape == Shape::List {
        parts.push(m.get("editor-list-hint"));
    }
    if field.control == Control::Locality {
        parts.push(m.get("editor-locality-hint"));
    }
    let mut out = String::new();
    if field.private {
        out.push_str(&format!(
            "<strong class=\"rieng\">{}</strong> ",
            esc(&m.get("edit-private-note"))
        ));
    }
    out.push_str(&esc(&parts.join(" · ")));
    out
}

/// The control of `field` showing `input`, with its label, hint and
/// problems.
pub fn field(field: &Field, input: &Input, problems: &[&Problem], m: &Messages) -> String {
    let key = field.key;
    let shape = Shape::of(field, input);
    let label = esc(&field.label(m));
    let hint_html = hint(field, shape, m);
    let has_hint = !hint_html.is_empty();
    let (errors, aria) = described(key, has_hint, problems);
    let hint_p = if has_hint {
        format!("<p class=\"goi-y-truong\" id=\"h-{key}\">{hint_html}</p>")
    } else {
        String::new()
    };
    let id = format!("i-{key}");
    let name = format!("f:{key}");
    let shape_input = format!(
        "<input type=\"hidden\" name=\"t:{key}\" value=\"{}\">",
        shape.name()
    );
    let private = if field.private { " rieng" } else { "" };
    let body = match (shape, input) {
        (Shape::Bool, i) => {
            let on = matches!(i, Input::Bool(true));
            return format!(
                "<div class=\"truong o{private}\" id=\"w-{key}\">{shape_input}<input type=\"checkbox\" id=\"{id}\" name=\"{name}\" value=\"1\"{}{aria}><label for=\"{id}\">{label}</label>{hint_p}{errors}</div>\n",
                if on { " checked" } else { "" }
            );
        }
        (Shape::Text, Input::Text(t)) => scalar(field, &id, &name, t, m, &aria),
        (Shape::Text, _) => scalar(field, &id, &name, "", m, &aria),
        (Shape::List, i) => {
            let items = match i {
                Input::List(v) => v.join("\n"),
                Input::Text(t) => t.clone(),
                _ => String::new(),
            };
            let mut html = textarea(&id, &name, &items, 3, &aria);
            if field.control == Control::Models {
                html.push_str(&model_picker(&id, m));
            }
            html
        }
        (Shape::Rows, i) => {
            let rows = match i {
                Input::Rows(r) => r.as_slice(),
                _ => &[],
            };
            return format!(
                "<fieldset class=\"truong hang-loat{private}\" id=\"w-{key}\"{aria}><legend id=\"{id}\" tabindex=\"-1\">{label}</legend>{shape_input}{hint_p}{errors}{}</fieldset>\n",
                rows_html(field, rows, m)
            );
        }
        (Shape::Pairs, i) => {
            let pairs = match i {
                Input::Pairs(p) => p.as_slice(),
                _ => &[],
            };
            return format!(
                "<fieldset class=\"truong cap{private}\" id=\"w-{key}\"{aria}><legend id=\"{id}\" tabindex=\"-1\">{label}</legend>{shape_input}{hint_p}{errors}{}</fieldset>\n",
                pairs_html(field, pairs, m)
            );
        }
    };
    format!(
        "<div class=\"truong{private}\" id=\"w-{key}\"><label for=\"{id}\">{label}</label>{shape_input}{hint_p}{body}{errors}</div>\n"
    )
}

/// A row's sub-fields: those it has, in its order, then the others the
/// schema has.
fn row_keys<'a>(subs: &'a [Field], row: &'a [(String, String)]) -> Vec<&'a str> {
    let mut keys: Vec<&str> = row
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| !k.starts_with('_'))
        .collect();
    for s in subs {
        if !keys.contains(&s.key) {
            keys.push(s.key);
        }
    }
    keys
}

fn rows_html(field: &Field, rows: &[Vec<(String, String)>], m: &Messages) -> String {
    let key = field.key;
    let subs: &[Field] = match &field.control {
        Control::Rows { fields } => fields,
        _ => &[],
    };
    let mut out = String::from("<div class=\"cac-hang\">");
    let blank: Vec<(String, String)> = Vec::new();
    for (i, row) in rows.iter().chain(std::iter::once(&blank)).enumerate() {
        let get = |k: &str| {
            row.iter()
                .find(|(rk, _)| rk == k)
                .map(|(_, v)| v.as_str())
                .unwrap_or("")
        };
        let had = match row.iter().find(|(k, _)| k == "_had") {
            Some((_, v)) => v.clone(),
            None => row
                .iter()
                .map(|(k, _)| k.as_str())
                .filter(|k| !k.starts_with('_'))
                .collect::<Vec<_>>()
                .join(","),
        };
        let new = if i == rows.len() { " moi" } else { "" };
        out.push_str(&format!(
            "<div class=\"hang{new}\" data-hang=\"{i}\"><input type=\"hidden\" name=\"r:{key}:{i}:_had\" value=\"{}\">",
            esc(&had)
        ));
        for (k, v) in row.iter().filter(|(k, _)| k == "_id" || k == "_name") {
            out.push_str(&format!(
                "<input type=\"hidden\" name=\"r:{key}:{i}:{k}\" value=\"{}\">",
                esc(v)
            ));
        }
        if let (id @ Some(_), Some(name)) = (
            row.iter().find(|(k, _)| k == "_id").map(|(_, v)| v),
            row.iter().find(|(k, _)| k == "_name").map(|(_, v)| v),
        ) {
            let _ = id;
            out.push_str(&format!(
                "<img class=\"anh-nho\" alt=\"\" src=\"/_sua/tam/{}/{}\">",
                esc(get("_id")),
                esc(name)
            ));
        }
        for sub in row_keys(subs, row) {
            let id = format!("i-{key}-{i}-{sub}");
            let name = format!("r:{key}:{i}:{sub}");
            let (label, control) = match subs.iter().find(|s| s.key == sub) {
                Some(s) => (s.label(m), scalar(s, &id, &name, get(sub), m, "")),
                None => (sub.to_string(), input(&id, &name, get(sub), "")),
            };
            out.push_str(&format!(
                "<div class=\"o-hang\"><label for=\"{id}\">{}</label>{control}</div>",
                esc(&label)
            ));
        }
        if i < rows.len() {
            out.push_str(&format!(
                "<div class=\"o-hang xoa\"><input type=\"checkbox\" id=\"x-{key}-{i}\" name=\"x:{key}:{i}\" value=\"1\"><label for=\"x-{key}-{i}\">{}</label></div>",
                esc(&m.get("editor-row-remove"))
            ));
        }
        out.push_str("</div>");
    }
    out.push_str(&format!(
        "</div><button type=\"button\" class=\"them-hang\" data-them=\"{key}\">{}</button>",
        esc(&m.get("editor-row-add"))
    ));
    if key == "images" {
        out.push_str(&super::form::photo_zone(m));
    }
    out
}

fn pairs_html(field: &Field, pairs: &[(String, String)], m: &Messages) -> String {
    let key = field.key;
    let mut out = String::from("<div class=\"cac-hang\">");
    match &field.control {
        Control::Counts { options } => {
            let mut shown: Vec<(String, String)> = pairs.to_vec();
            for o in options {
                if !shown.iter().any(|(k, _)| *k == o.key) {
                    shown.push((o.key.clone(), String::new()));
                }
            }
            for (i, (k, v)) in shown.iter().enumerate() {
                let label = options
                    .iter()
                    .find(|o| o.key == *k)
                    .map_or(k.as_str(), |o| choice_name(o, m.lang()));
                out.push_str(&format!(
                    "<div class=\"o-hang\"><input type=\"hidden\" name=\"p:{key}:{i}:k\" value=\"{}\"><label for=\"i-{key}-{i}\">{}</label>{}</div>",
                    esc(k),
                    esc(label),
                    input(&format!("i-{key}-{i}"), &format!("p:{key}:{i}:v"), v, " inputmode=\"numeric\" size=\"8\"")
                ));
            }
        }
        _ => {
            let blank = (String::new(), String::new());
            for (i, (k, v)) in pairs.iter().chain(std::iter::once(&blank)).enumerate() {
                let new = if i == pairs.len() { " moi" } else { "" };
                out.push_str(&format!(
                    "<div class=\"hang{new}\" data-hang=\"{i}\"><div class=\"o-hang\"><label for=\"i-{key}-{i}-k\">{}</label>{}</div><div class=\"o-hang\"><label for=\"i-{key}-{i}-v\">{}</label>{}</div></div>",
                    esc(&m.get("editor-pair-name")),
                    input(&format!("i-{key}-{i}-k"), &format!("p:{key}:{i}:k"), k, ""),
                    esc(&m.get("editor-pair-text")),
                    textarea(&format!("i-{key}-{i}-v"), &format!("p:{key}:{i}:v"), v, 2, ""),
                ));
            }
            out.push_str(&format!(
                "</div><button type=\"button\" class=\"them-hang\" data-them=\"{key}\">{}</button>",
                esc(&m.get("editor-row-add"))
            ));
            return out;
        }
    }
    out.push_str("</div>");
    out
}
