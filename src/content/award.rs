//! Awards (khen thưởng): `RawAward` from YAML, then [`Award`], typed and
//! checked. Model slugs named by an award are checked later, by `site`,
//! once every model is known.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use super::common::{self, Ctx, RawLocality, RawSource, Scalar, Source};
use super::date::PartialDate;
use super::enums::{AwardKind, AwardLevel, Choice, RecipientKind, choices_help, parse_choice};
use super::frontmatter::{self, SourceFile};
use super::keys::{self, Schema};
use crate::diag::Diagnostic;
use crate::l10n::Msg;
use crate::markdown;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAward {
    title: Option<String>,
    kind: Option<String>,
    level: Option<String>,
    issuer: Option<String>,
    locality: Option<RawLocality>,
    year: Option<i64>,
    period: Option<Scalar>,
    date: Option<Scalar>,
    recipients: Option<Vec<RawRecipient>>,
    totals: Option<BTreeMap<String, u64>>,
    models: Option<Vec<String>>,
    sources: Option<Vec<RawSource>>,
    draft: Option<bool>,
    slug: Option<String>,
    aliases: Option<Vec<String>>,
    #[allow(dead_code)]
    private: Option<serde_yaml_ng::Value>,
}

impl Schema for RawAward {
    const KEYS: &'static [&'static str] = &[
        "title",
        "kind",
        "level",
        "issuer",
        "locality",
        "year",
        "period",
        "date",
        "recipients",
        "totals",
        "models",
        "sources",
        "draft",
        "slug",
        "aliases",
        "private",
    ];
    const NESTED: &'static [(&'static str, &'static [&'static str])] = &[
        ("recipients", keys::RECIPIENT_KEYS),
        ("sources", keys::SOURCE_KEYS),
    ];
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecipient {
    name: String,
    kind: Option<String>,
    unit: Option<String>,
    model: Option<String>,
}

#[derive(Debug, Clone, Hash, serde::Serialize, serde::Deserialize)]
pub struct Recipient {
    pub name: String,
    pub kind: Option<RecipientKind>,
    pub unit: Option<String>,
    /// Slug of the model this recipient carries out, checked by `site`.
    pub model: Option<String>,
}

/// An award, resolved. Has no `private` field by design.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Award {
    pub path: PathBuf,
    pub slug: String,
    /// Old site paths (`aliases:`) that redirect to its page.
    pub aliases: Vec<String>,
    pub title: String,
    pub kind: AwardKind,
    pub level: AwardLevel,
    pub issuer: String,
    pub locality: Vec<String>,
    /// File line of the `locality:` key, for diagnostics about it.
    pub locality_line: usize,
    /// First and last year (the same for a single year).
    pub years: (i32, i32),
    pub date: Option<PartialDate>,
    pub recipients: Vec<Recipient>,
    pub totals: Vec<(RecipientKind, u64)>,
    /// Slugs named in `models`, checked by `site`.
    pub models: Vec<String>,
    /// Every model slug the award names (in `models` or a recipient's
    /// `model`), with the file line where it is written.
    pub refs: Vec<(String, usize)>,
    pub sources: Vec<Source>,
    pub draft: bool,
    pub content: String,
}

/// Everything an award's pages show, not where its file is (see
/// [`super::page::Page`]'s `Hash`).
impl std::hash::Hash for Award {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        let Award {
            path: _,
            slug,
            // Only the redirect pages show them.
            aliases: _,
            title,
            kind,
            level,
            issuer,
            locality,
            locality_line,
            years,
            date,
            recipients,
            totals,
            models,
            refs,
            sources,
            draft,
            content,
        } = self;
        (
            slug,
            title,
            kind,
            level,
            issuer,
            locality,
            locality_line,
            years,
        )
            .hash(h);
        (
            date, recipients, totals, models, refs, sources, draft, content,
        )
            .hash(h);
    }
}

impl Award {
    pub fn year_label(&self) -> String {
        if self.years.0 == self.years.1 {
            self.years.0.to_string()
        } else {
            format!("{}–{}", self.years.0, self.years.1)
        }
    }
}

/// Parses `2009-2019` or `2009–2019`.
pub fn parse_period(s: &str) -> Option<(i32, i32)> {
    let s = s.replace(['–', '—'], "-");
    let (a, b) = s.split_once('-')?;
    let (a, b): (i32, i32) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    ((1900..=2200).contains(&a) && a <= b && b <= 2200).then_some((a, b))
}

fn choice<C: Choice>(ctx: &mut Ctx, key: &str, value: Option<String>) -> Option<C> {
    let text = common::required_text(ctx, key, value);
    if text.is_empty() {
        return None;
    }
    let parsed = parse_choice::<C>(&text);
    if parsed.is_none() {
        ctx.error(key, choices_help::<C>(&text));
    }
    parsed
}

pub fn load(file: &SourceFile, md: &markdown::Options) -> Result<Award, Vec<Diagnostic>> {
    load_with(file, md, None)
}

/// Reads one award file, its missing keys filled from the `_defaults.yaml`
/// files over it.
pub fn load_with(
    file: &SourceFile,
    md: &markdown::Options,
    defaults: Option<&super::defaults::Defaults>,
) -> Result<Award, Vec<Diagnostic>> {
    let split = frontmatter::split(file).map_err(|d| vec![d])?;
    let filled =
        defaults.and_then(|d| d.fill::<RawAward>(super::defaults::Kind::Awards, file, &split));
    let (parsed, origins) = match filled {
        Some(r) => r.map_err(|d| vec![d])?,
        None => (
            frontmatter::parse::<RawAward>(file, &split).map_err(|d| vec![d])?,
            Default::default(),
        ),
    };
    let frontmatter::Parsed {
        value: raw,
        problems,
        failed,
    } = parsed;
    let RawAward {
        title,
        kind,
        level,
        issuer,
        locality,
        year,
        period,
        date,
        recipients,
        totals,
        models,
        sources,
        draft,
        slug,
        aliases,
        private: _,
    } = raw;
    let mut ctx = Ctx::new(&file.path, &split);
    ctx.origins = origins;
    ctx.errors = problems;
    ctx.failed = failed;
    let title = common::required_text(&mut ctx, "title", title);
    let kind = choice::<AwardKind>(&mut ctx, "kind", kind);
    let level = choice::<AwardLevel>(&mut ctx, "level", level);
    let issuer = common::required_text(&mut ctx, "issuer", issuer);
    let locality = common::locality(&mut ctx, locality, false);
    let locality_line = frontmatter::key_line(&split, "locality");
    let had_period = period.is_some();
    let period = period.and_then(|Scalar(p)| {
        let parsed = parse_period(&p);
        if parsed.is_none() {
            ctx.error("period", Msg::new("period-bad").arg("value", p.as_str()));
        }
        parsed
    });
    let had_year = year.is_some();
    let (year, date) = common::year_and_date(&mut ctx, year, date);
    let years = match (period, year) {
        (Some(p), _) if had_year => {
            ctx.error("period", Msg::new("year-and-period"));
            p
        }
        (Some(p), _) => p,
        (None, Some(y)) => (y, y),
        (None, None) => {
            let failed = ["year", "period", "date"].iter().any(|k| ctx.failed(k))
                || ctx.errors.iter().any(|e| e.kind().starts_with("date-"));
            if !had_period && !failed {
                ctx.error("title", Msg::new("missing-year-or-period"));
            }
            (0, 0)
        }
    };
    let mut recips = Vec::new();
    for r in recipients.unwrap_or_default() {
        let kind = r.kind.as_deref().and_then(|k| {
            let parsed = parse_choice::<RecipientKind>(k);
            if parsed.is_none() {
                ctx.error_near("recipients", k, choices_help::<RecipientKind>(k));
            }
            parsed
        });
        recips.push(Recipient {
            name: r.name.trim().to_string(),
            kind,
            unit: r.unit,
            model: r.model.map(|m| m.trim().to_string()),
        });
    }
    let mut tots = Vec::new();
    for (k, n) in totals.unwrap_or_default() {
        match parse_choice::<RecipientKind>(&k) {
            Some(kind) => tots.push((kind, n)),
            None => ctx.error_near("totals", &k, choices_help::<RecipientKind>(&k)),
        }
    }
    tots.sort();
    let slug = common::slug(&mut ctx, slug, &title);
    let aliases = common::aliases(&mut ctx, aliases);
    let models: Vec<String> = models
        .unwrap_or_default()
        .into_iter()
        .map(|m| m.trim().to_string())
        .collect();
    let mut refs: Vec<(String, usize)> = models
        .iter()
        .map(|m| (m.clone(), frontmatter::value_line(&split, "models", m)))
        .collect();
    for r in &recips {
        if let Some(m) = &r.model {
            refs.push((m.clone(), frontmatter::value_line(&split, "recipients", m)));
        }
    }
    let rendered = markdown::render(split.body, md);
    let award = Award {
        path: file.path.clone(),
        slug,
        aliases,
        title,
        kind: kind.unwrap_or(AwardKind::GiayKhen),
        level: level.unwrap_or(AwardLevel::CoSo),
        issuer,
        locality,
        locality_line,
        years,
        date,
        recipients: recips,
        totals: tots,
        models,
        refs,
        sources: common::sources(&mut ctx, sources),
        draft: draft.unwrap_or(false),
        content: rendered.html,
    };
    common::body(&mut ctx);
    ctx.finish(award)
}

impl Award {
    pub fn kind_name(&self) -> &'static str {
        use super::enums::Choice;
        self.kind.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_with_hyphen_or_en_dash() {
        assert_eq!(parse_period("2009-2019"), Some((2009, 2019)));
        assert_eq!(parse_period("2009–2019"), Some((2009, 2019)));
        assert_eq!(parse_period("2019-2009"), None);
        assert_eq!(parse_period("x"), None);
    }
}
