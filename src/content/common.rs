//! Front matter pieces shared by models and awards: localities, dates,
//! sources, images, people, slugs; the raw serde shapes and their checks.

use serde::Deserialize;

use super::date::PartialDate;
use super::enums::{RecipientKind, choices_help, parse_choice};
use super::frontmatter::{Split, key_line, value_line};
use crate::diag::Diagnostic;
use crate::l10n::Msg;
use crate::text;

/// Any YAML scalar, kept as text (`value: 310` and `value: "310"` are the same).
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match serde_yaml_ng::Value::deserialize(d)? {
            serde_yaml_ng::Value::String(s) => Ok(Scalar(s)),
            serde_yaml_ng::Value::Number(n) => Ok(Scalar(n.to_string())),
            serde_yaml_ng::Value::Bool(b) => Ok(Scalar(b.to_string())),
            // Never shown: the key's check names the key and its form.
            _ => Err(D::Error::custom("not text or a number")),
        }
    }
}

/// `"A / B / C"` or `[A, B, C]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawLocality {
    Path(String),
    List(Vec<String>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub title: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<Scalar>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawImage {
    pub src: String,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    pub name: String,
    pub role: Option<String>,
    pub kind: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Source {
    pub title: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<String>,
}

/// Where an image lives.
#[derive(Debug, Clone, PartialEq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ImageSrc {
    /// A file beside the bundle's `index.md`, published beside the page.
    Bundle(String),
    /// A path under the site's root (`/anh/x.jpg`, from `static/`).
    Site(String),
    /// An absolute `http(s)://` URL.
    External(String),
}

#[derive(Debug, Clone, PartialEq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Image {
    pub src: ImageSrc,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Person {
    pub name: String,
    pub role: Option<String>,
    pub kind: Option<RecipientKind>,
}

/// Helps a resolver report at the right line of the right file.
pub struct Ctx<'a> {
    pub path: &'a std::path::Path,
    pub split: &'a Split<'a>,
    pub errors: Vec<Diagnostic>,
    /// The keys the entry took from `_defaults.yaml` files, and where.
    pub origins: super::defaults::Origins,
    /// Keys written with a value of the wrong shape (already reported):
    /// not to be called missing.
    pub failed: std::collections::BTreeSet<String>,
}

impl<'a> Ctx<'a> {
    pub fn new(path: &'a std::path::Path, split: &'a Split<'a>) -> Self {
        Ctx {
            path,
            split,
            errors: Vec::new(),
            origins: Default::default(),
            failed: Default::default(),
        }
    }

    /// An error on the line of top-level `key`: in the defaults file the
    /// entry took it from, when it did not write it.
    pub fn error(&mut self, key: &str, msg: Msg) {
        if let Some(o) = self.origins.get(key) {
            let d = Diagnostic::error(&o.path, msg).at(o.line, 1);
            self.errors.push(d);
            return;
        }
        let line = key_line(self.split, key);
        self.errors
            .push(Diagnostic::error(self.path, msg).at(line, 1));
    }

    /// An error on the first line after `key` containing `needle`.
    pub fn error_near(&mut self, key: &str, needle: &str, msg: Msg) {
        if self.origins.contains_key(key) {
            return self.error(key, msg);
        }
        let line = value_line(self.split, key, needle);
        self.errors
            .push(Diagnostic::error(self.path, msg).at(line, 1));
    }

    /// Whether `key` was written but its value was of the wrong shape.
    pub fn failed(&self, key: &str) -> bool {
        self.failed.contains(key)
    }

    pub fn finish<T>(self, value: T) -> Result<T, Vec<Diagnostic>> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self.errors)
        }
    }
}

/// Non-empty trimmed text, or an error naming the key.
pub fn required_text(ctx: &mut Ctx, key: &str, value: Option<String>) -> String {
    match value.map(|v| v.trim().to_string()) {
        Some(v) if !v.is_empty() => v,
        Some(_) => {
            ctx.error(key, Msg::new("value-empty").arg("key", key));
            String::new()
        }
        None if ctx.failed(key) => String::new(),
        None => {
            ctx.errors.push(
                Diagnostic::error(ctx.path, Msg::new("missing-key").arg("key", key))
                    .at(ctx.split.yaml_line, 1),
            );
            String::new()
        }
    }
}

/// The locality as a top-down list of 1 to 3 names.
pub fn locality(ctx: &mut Ctx, raw: Option<RawLocality>, required: bool) -> Vec<String> {
    let parts: Vec<String> = match raw {
        None => {
            if required {
                required_text(ctx, "locality", None);
            }
            return Vec::new();
        }
        Some(RawLocality::Path(s)) => s.split('/').map(|p| p.trim().to_string()).collect(),
        Some(RawLocality::List(v)) => v.into_iter().map(|p| p.trim().to_string()).collect(),
    };
    if parts.iter().any(String::is_empty) {
        ctx.error("locality", Msg::new("locality-empty-level"));
        return Vec::new();
    }
    if parts.is_empty() || parts.len() > 3 {
        ctx.error(
            "locality",
            Msg::new("locality-levels").arg("levels", parts.len()),
        );
        return Vec::new();
    }
    parts
}

/// The year from `year` and/or `date`; `required` says whether a missing year is an error.
pub fn year_and_date(
    ctx: &mut Ctx,
    year: Option<i64>,
    date: Option<Scalar>,
) -> (Option<i32>, Option<PartialDate>) {
    let date = date.and_then(|Scalar(s)| match PartialDate::parse(&s) {
        Ok(d) => Some(d),
        Err(msg) => {
            ctx.error("date", msg);
            None
        }
    });
    let year = match year {
        Some(y) if (1900..=2200).contains(&y) => Some(y as i32),
        Some(y) => {
            ctx.error(
                "year",
                Msg::new("year-out-of-range").arg("value", y.to_string()),
            );
            None
        }
        None => None,
    };
    if let (Some(y), Some(d)) = (year, date)
        && y != d.year
    {
        ctx.error(
            "year",
            Msg::new("year-date-mismatch")
                .arg("year", y.to_string())
                .arg("date", d.to_string()),
        );
    }
    (year.or(date.map(|d| d.year)), date)
}

/// The entry's slug: `slug` if given (checked), else from the title.
pub fn slug(ctx: &mut Ctx, explicit: Option<String>, title: &str) -> String {
    match explicit {
        Some(s) => {
            if s.len() > text::MAX_SLUG {
                ctx.error(
                    "slug",
                    Msg::new("slug-too-long")
                        .arg("value", s.as_str())
                        .arg("length", s.len())
                        .arg("max", text::MAX_SLUG)
                        .arg("example", text::title_slug(&s)),
                );
            }
            let ok = !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !s.starts_with('-')
                && !s.ends_with('-');
            if !ok {
                ctx.error(
                    "slug",
                    Msg::new("slug-bad")
                        .arg("value", s.as_str())
                        .arg("example", text::slugify(&s)),
                );
            }
            s
        }
        None => {
            let s = text::title_slug(title);
            if s.is_empty() && !title.is_empty() {
                ctx.error("title", Msg::new("slug-from-title-empty"));
            }
            s
        }
    }
}

/// The entry's `aliases:`, each an old site path written with or without
/// its slashes (`/mo-hinh/hu-gao/`), kept as `mo-hinh/hu-gao/`. A path
/// that could leave the output folder or is not plain ASCII is an error.
pub fn aliases(ctx: &mut Ctx, raw: Option<Vec<String>>) -> Vec<String> {
    let mut out = Vec::new();
    for written in raw.unwrap_or_default() {
        match alias_path(&written) {
            Some(p) => {
                if !out.contains(&p) {
                    out.push(p);
                }
            }
            None => ctx.error(
                "aliases",
                Msg::new("alias-bad").arg("value", written.as_str()),
            ),
        }
    }
    out
}

/// `written` as a site path (`mo-hinh/x/`), or `None` when it is empty,
/// names the root, or has a segment that is `.`, `..` or has a character
/// other than ASCII letters, digits, `-`, `_` and `.`.
pub fn alias_path(written: &str) -> Option<String> {
    let t = written.trim();
    let t = t.strip_suffix("index.html").unwrap_or(t);
    let segments: Vec<&str> = t.split('/').filter(|s| !s.is_empty()).collect();
    let ok = !segments.is_empty()
        && segments.iter().all(|s| {
            *s != "."
                && *s != ".."
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        });
    ok.then(|| format!("{}/", segments.join("/")))
}

/// The message for a URL whose scheme kheo refuses; `what` is `address`,
/// `source` or `image` (the message names it).
pub fn refused_url_message(what: &'static str, url: &str, scheme: &str) -> Msg {
    let id = if scheme.len() == 1 {
        "url-local-file"
    } else {
        "url-refused-scheme"
    };
    Msg::new(id)
        .arg("what", what)
        .arg("value", url)
        .arg("scheme", scheme)
}

pub fn sources(ctx: &mut Ctx, raw: Option<Vec<RawSource>>) -> Vec<Source> {
    let mut out = Vec::new();
    for s in raw.unwrap_or_default() {
        let url = s
            .url
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty());
        let url = match url {
            Some(u) => match crate::markdown::guard::refused_scheme(&u) {
                Some(scheme) => {
                    ctx.error_near("sources", &u, refused_url_message("source", &u, &scheme));
                    None
                }
                None => Some(u),
            },
            None => None,
        };
        out.push(Source {
            title: s.title.trim().to_string(),
            url,
            publisher: s.publisher,
            date: s.date.map(|d| d.0),
        });
    }
    out
}

/// Checks a Markdown body for what must never be published: links,
/// images and raw HTML attributes with a refused URL scheme, and raw HTML
/// nested too deep (`markdown::guard`). Errors name the body's line.
pub fn body(ctx: &mut Ctx) {
    let found = body_problems(ctx.path, ctx.split.body_line(), ctx.split.body);
    ctx.errors.extend(found);
}

/// [`body`]'s errors for a body starting on line `first` of `path`.
pub fn body_problems(path: &std::path::Path, first: usize, body: &str) -> Vec<Diagnostic> {
    use crate::markdown::guard::{self, Problem};
    let mut out = Vec::new();
    for p in guard::inspect(body) {
        let (at, d) = match p {
            Problem::Scheme { at, url } => {
                let scheme = guard::refused_scheme(&url).unwrap_or_default();
                let d = Diagnostic::error(path, refused_url_message("address", &url, &scheme));
                (at, d)
            }
            Problem::TooDeep { at } => {
                let d = Diagnostic::error(
                    path,
                    Msg::new("html-too-deep").arg("depth", guard::MAX_DEPTH),
                );
                (at, d)
            }
        };
        let before = &body[..at.min(body.len())];
        let line = first + before.matches('\n').count();
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        out.push(d.at(line, col));
    }
    out
}

pub fn people(ctx: &mut Ctx, raw: Option<Vec<RawPerson>>) -> Vec<Person> {
    let mut out = Vec::new();
    for p in raw.unwrap_or_default() {
        let kind = p.kind.as_deref().and_then(|k| {
            let parsed = parse_choice::<RecipientKind>(k);
            if parsed.is_none() {
                ctx.error_near("people", k, choices_help::<RecipientKind>(k));
            }
            parsed
        });
        out.push(Person {
            name: p.name.trim().to_string(),
            role: p.role,
            kind,
        });
    }
    out
}

/// True when `file`, with links resolved, is inside `dir` (also resolved).
fn stays_inside(file: &std::path::Path, dir: &std::path::Path) -> bool {
    match (file.canonicalize(), dir.canonicalize()) {
        (Ok(f), Ok(d)) => f.starts_with(d),
        _ => false,
    }
}

/// Checks image paths: no `..`, no absolute file paths; bundle files must exist.
pub fn images(
    ctx: &mut Ctx,
    raw: Option<Vec<RawImage>>,
    bundle: Option<&std::path::Path>,
) -> Vec<Image> {
    let mut out = Vec::new();
    for img in raw.unwrap_or_default() {
        let src_text = img.src.trim().to_string();
        let alt = match img.alt.map(|a| a.trim().to_string()) {
            Some(a) if !a.is_empty() => a,
            _ => {
                ctx.error_near(
                    "images",
                    &src_text,
                    Msg::new("image-no-alt").arg("value", src_text.as_str()),
                );
                String::new()
            }
        };
        let lower = src_text.to_ascii_lowercase();
        let src = if lower.starts_with("http://") || lower.starts_with("https://") {
            ImageSrc::External(src_text.clone())
        } else if let Some(scheme) = crate::markdown::guard::refused_scheme(&src_text) {
            ctx.error_near(
                "images",
                &src_text,
                refused_url_message("image", &src_text, &scheme),
            );
            continue;
        } else if src_text.split(['/', '\\']).any(|p| p == "..")
            || src_text.contains('\\')
            || src_text.contains(':')
        {
            ctx.error_near(
                "images",
                &src_text,
                Msg::new("image-leaves-folder").arg("value", src_text.as_str()),
            );
            continue;
        } else if let Some(rest) = src_text.strip_prefix('/') {
            ImageSrc::Site(rest.to_string())
        } else {
            match bundle {
                Some(dir) => {
                    let file = dir.join(&src_text);
                    if !file.is_file() {
                        ctx.error_near(
                            "images",
                            &src_text,
                            Msg::new("image-missing")
                                .arg("value", src_text.as_str())
                                .path("dir", dir),
                        );
                    } else if !stays_inside(&file, dir) {
                        // A symbolic link could publish any file of the machine.
                        ctx.error_near(
                            "images",
                            &src_text,
                            Msg::new("image-link-outside").arg("value", src_text.as_str()),
                        );
                        continue;
                    }
                    ImageSrc::Bundle(src_text.clone())
                }
                None => {
                    ctx.error_near(
                        "images",
                        &src_text,
                        Msg::new("image-not-bundle").arg("value", src_text.as_str()),
                    );
                    continue;
                }
            }
        };
        out.push(Image {
            src,
            alt,
            caption: img.caption,
            credit: img.credit,
        });
    }
    out
}
