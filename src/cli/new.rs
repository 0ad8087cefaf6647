//! `kheo new model "Tên" …` and `kheo new award "Tên" …`: writes an entry
//! from a template with every key of the schema (optional ones commented,
//! with Vietnamese notes), at `content/models/<slug>.md` or
//! `content/awards/<slug>.md`.
//!
//! Flags are checked with the functions the loaders use (`parse_field`,
//! `parse_choice`, `slugify`), so what `new` accepts a build accepts. A bad
//! flag is a usage error (exit 2); an existing file is never overwritten
//! (exit 1). Required keys without a flag are written empty, and the
//! command says which ones to fill in.

use std::path::{Path, PathBuf};

use super::{Outcome, Ui, site_dir};
use crate::config::SiteConfig;
use crate::content::award::parse_period;
use crate::content::enums::{AwardKind, AwardLevel, Choice, choices_help, parse_choice};
use crate::content::frontmatter::closest;
use crate::content::model::{field_help, parse_field};
use crate::diag::Diagnostics;
use crate::text;

#[derive(Debug, clap::Subcommand)]
pub enum Kind {
    /// A new model: content/models/<slug>.md
    Model(ModelArgs),
    /// A new award: content/awards/<slug>.md
    Award(AwardArgs),
}

#[derive(Debug, clap::Args)]
pub struct ModelArgs {
    /// Name of the model, e.g. "Đường hoa Lê Lợi".
    pub title: String,
    /// Where it runs, top-down: "Tỉnh / Huyện / Xã".
    #[arg(long)]
    pub locality: Option<String>,
    /// Field, by key or name: kinh-te, "Văn hóa – Xã hội"…
    #[arg(long)]
    pub field: Option<String>,
    /// Year started or recognized (default: this year).
    #[arg(long)]
    pub year: Option<i64>,
    /// URL name (a-z, 0-9, -); default from the title.
    #[arg(long)]
    pub slug: Option<String>,
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct AwardArgs {
    /// Name of the award, e.g. "Bằng khen của UBND tỉnh năm 2023".
    pub title: String,
    /// giay-khen, bang-khen, tuyen-duong, ky-niem-chuong, cong-nhan (or the Vietnamese name).
    #[arg(long)]
    pub kind: Option<String>,
    /// co-so, huyen, tinh, trung-uong (or "cấp tỉnh"…).
    #[arg(long)]
    pub level: Option<String>,
    /// Who gave it, e.g. "UBND quận Bình Tân".
    #[arg(long)]
    pub issuer: Option<String>,
    /// Year given (default: this year, unless --period).
    #[arg(long, conflicts_with = "period")]
    pub year: Option<i64>,
    /// A span of years instead of a year: "2009-2019".
    #[arg(long)]
    pub period: Option<String>,
    /// Where it was given: "Tỉnh / Huyện / Xã".
    #[arg(long)]
    pub locality: Option<String>,
    /// Slug of a model this award recognizes (repeat for several).
    #[arg(long = "model")]
    pub models: Vec<String>,
    /// URL name (a-z, 0-9, -); default from the title.
    #[arg(long)]
    pub slug: Option<String>,
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
}

pub fn run(kind: Kind, ui: &Ui) -> Outcome {
    let result = match kind {
        Kind::Model(a) => new_model(a),
        Kind::Award(a) => new_award(a),
    };
    match result {
        Ok(created) => {
            println!("{}", created.path.display());
            if !created.to_fill.is_empty() {
                ui.info(format!(
                    "created; now fill in: {} (kheo check tells what is still missing)",
                    created.to_fill.join(", ")
                ));
            }
            Outcome::Success
        }
        Err(o) => o,
    }
}

struct Created {
    path: PathBuf,
    /// Required keys written empty.
    to_fill: Vec<&'static str>,
}

/// A YAML double-quoted string.
pub fn yaml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The current year (UTC), from the system clock.
pub fn this_year() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Civil year from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    yoe + era * 400 + i64::from(month <= 2)
}

fn usage(flag: &str, msg: impl std::fmt::Display, help: impl std::fmt::Display) -> Outcome {
    Outcome::Usage(format!("{flag}: {msg}\n  help: {help}"))
}

/// A locality flag as the loaders read it: 1 to 3 non-empty levels.
fn locality(flag: Option<&str>) -> Result<Option<String>, Outcome> {
    let Some(s) = flag else { return Ok(None) };
    let parts: Vec<String> = s.split('/').map(|p| text::nfc(p.trim())).collect();
    if parts.iter().any(String::is_empty) || parts.len() > 3 {
        return Err(usage(
            "--locality",
            format!("`{s}` is not 1 to 3 levels (province / district / commune)"),
            "write it top-down, e.g. --locality \"Thanh Hóa / Sầm Sơn / Trường Sơn\"",
        ));
    }
    Ok(Some(parts.join(" / ")))
}

fn year(flag: Option<i64>) -> Result<i64, Outcome> {
    let y = flag.unwrap_or_else(this_year);
    if !(1900..=2200).contains(&y) {
        return Err(usage(
            "--year",
            format!("year {y} is out of range"),
            "write a four-digit year, e.g. --year 2023",
        ));
    }
    Ok(y)
}

/// The slug (from --slug or the title), checked as the loaders check it.
fn slug(flag: Option<&str>, title: &str) -> Result<String, Outcome> {
    if title.trim().is_empty() {
        return Err(Outcome::Usage(
            "the title is empty\n  help: kheo new model \"Tên mô hình\"".into(),
        ));
    }
    match flag {
        Some(s) => {
            if s.is_empty() || text::slugify(s) != s || s.len() > text::MAX_SLUG {
                return Err(usage(
                    "--slug",
                    format!(
                        "`{s}` may only contain a-z, 0-9 and -, at most {} characters",
                        text::MAX_SLUG
                    ),
                    format!("write e.g. --slug {}", text::title_slug(s)),
                ));
            }
            Ok(s.to_string())
        }
        None => {
            let s = text::title_slug(title);
            if s.is_empty() {
                return Err(usage(
                    "title",
                    "no file name can be made from this title",
                    "pass --slug with a-z, 0-9 and -",
                ));
            }
            Ok(s)
        }
    }
}

/// Refuses a slug already used by a file of the same section (anywhere
/// under it, as `<slug>.md` or `<slug>/index.md`).
fn free_path(dir: &Path, section: &str, slug: &str) -> Result<PathBuf, Outcome> {
    let base = dir.join("content").join(section);
    let target = base.join(format!("{slug}.md"));
    let taken = walkdir::WalkDir::new(&base)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .find(|p| {
            let stem = p.file_stem().and_then(|s| s.to_str());
            let parent = p
                .parent()
                .and_then(|d| d.file_name())
                .and_then(|s| s.to_str());
            stem == Some(slug) && p.extension().is_some_and(|x| x == "md")
                || stem == Some("index") && parent == Some(slug)
        });
    match taken {
        Some(p) => Err(Outcome::Refused(format!(
            "{} already exists; kheo new never overwrites a file\n  help: edit that file, or choose another title or --slug",
            p.display()
        ))),
        None => Ok(target),
    }
}

fn write_new(path: &Path, text: &str) -> Result<(), Outcome> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Outcome::Refused(format!("cannot create {}: {e}", parent.display())))?;
    }
    // create_new: never replace a file, even one that appeared meanwhile.
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Outcome::Refused(format!("cannot create {}: {e}", path.display())))?;
    f.write_all(text.as_bytes())
        .map_err(|e| Outcome::Refused(format!("cannot write {}: {e}", path.display())))
}

fn load_config(dir: &Path) -> Result<SiteConfig, Outcome> {
    let mut diags = Diagnostics::new();
    let cfg = SiteConfig::load(dir, &mut diags);
    if diags.has_errors() {
        eprint!("{}", diags.report(dir));
        return Err(Outcome::ContentErrors);
    }
    Ok(cfg)
}

fn new_model(a: ModelArgs) -> Result<Created, Outcome> {
    site_dir(&a.dir)?;
    let cfg = load_config(&a.dir)?;
    let title = text::nfc(a.title.trim());
    let slug = slug(a.slug.as_deref(), &title)?;
    let locality = locality(a.locality.as_deref())?;
    let field = match a.field.as_deref() {
        None => None,
        Some(f) => match parse_field(&cfg, f) {
            Some(i) => Some(cfg.fields[i].key.clone()),
            None => {
                let names: Vec<&str> = cfg.fields.iter().map(|f| f.key.as_str()).collect();
                let help = match closest(&text::slugify(f), &names) {
                    Some(n) => format!("did you mean `{n}`? {}", field_help(&cfg)),
                    None => field_help(&cfg),
                };
                return Err(usage("--field", format!("unknown field `{f}`"), help));
            }
        },
    };
    let year = year(a.year)?;
    let path = free_path(&a.dir, "models", &slug)?;
    let mut to_fill = Vec::new();
    if locality.is_none() {
        to_fill.push("locality");
    }
    if field.is_none() {
        to_fill.push("field");
    }
    let text = model_template(
        &cfg,
        &title,
        locality.as_deref(),
        field.as_deref(),
        year,
        a.slug.as_deref(),
    );
    write_new(&path, &text)?;
    Ok(Created { path, to_fill })
}

fn new_award(a: AwardArgs) -> Result<Created, Outcome> {
    site_dir(&a.dir)?;
    let cfg = load_config(&a.dir)?;
    let title = text::nfc(a.title.trim());
    let slug = slug(a.slug.as_deref(), &title)?;
    let kind = choice::<AwardKind>("--kind", a.kind.as_deref())?;
    let level = choice::<AwardLevel>("--level", a.level.as_deref())?;
    let locality = locality(a.locality.as_deref())?;
    let when = match &a.period {
        Some(p) => match parse_period(p) {
            Some((from, to)) => format!("period: \"{from}-{to}\""),
            None => {
                return Err(usage(
                    "--period",
                    format!("`{p}` is not a period of years"),
                    "write it as --period 2009-2019",
                ));
            }
        },
        None => format!("year: {}", year(a.year)?),
    };
    if !a.models.is_empty() {
        check_model_slugs(&a.dir, &cfg, &a.models)?;
    }
    let issuer = a.issuer.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let path = free_path(&a.dir, "awards", &slug)?;
    let mut to_fill = Vec::new();
    for (key, missing) in [
        ("kind", kind.is_none()),
        ("level", level.is_none()),
        ("issuer", issuer.is_none()),
    ] {
        if missing {
            to_fill.push(key);
        }
    }
    let text = award_template(&AwardFill {
        title: &title,
        kind: kind.map(Choice::key),
        level: level.map(Choice::key),
        issuer,
        locality: locality.as_deref(),
        when: &when,
        models: &a.models,
        slug: a.slug.as_deref(),
    });
    write_new(&path, &text)?;
    Ok(Created { path, to_fill })
}

fn choice<C: Choice>(flag: &str, value: Option<&str>) -> Result<Option<C>, Outcome> {
    let Some(v) = value else { return Ok(None) };
    match parse_choice::<C>(v) {
        Some(c) => Ok(Some(c)),
        None => Err(usage(
            flag,
            format!("unknown {} `{v}`", C::WHAT),
            choices_help::<C>(),
        )),
    }
}

/// Model slugs given with --model must name models of the site, as a build requires.
fn check_model_slugs(dir: &Path, cfg: &SiteConfig, slugs: &[String]) -> Result<(), Outcome> {
    let md = cfg.markdown_options();
    let content = crate::content::load(
        dir,
        cfg,
        &md,
        true,
        crate::content::CacheUse::Read,
        None,
        &mut Diagnostics::new(),
    );
    let known: Vec<&str> = content.models.iter().map(|m| m.slug.as_str()).collect();
    for s in slugs {
        if !known.contains(&s.as_str()) {
            let help = match closest(s, &known) {
                Some(k) => format!("did you mean `{k}`?"),
                None => "write the slug of an existing model (its `slug:`, or its title in lower case without accents, words joined by -)".into(),
            };
            return Err(usage(
                "--model",
                format!("no model has the slug `{s}`"),
                help,
            ));
        }
    }
    Ok(())
}

fn field_comment(cfg: &SiteConfig) -> String {
    let list: Vec<String> = cfg
        .fields
        .iter()
        .map(|f| format!("{} ({})", f.key, f.name))
        .collect();
    list.join(", ")
}

/// The text of a new model file.
pub fn model_template(
    cfg: &SiteConfig,
    title: &str,
    locality: Option<&str>,
    field: Option<&str>,
    year: i64,
    slug: Option<&str>,
) -> String {
    let locality = locality.map_or_else(|| "\"\"".to_string(), yaml_str);
    let field = field.unwrap_or("\"\"");
    let slug_line = match slug {
        Some(s) => format!("slug: {s}"),
        None => "# slug: ten-mo-hinh".to_string(),
    };
    format!(
        r#"---
# Mô hình “Dân vận khéo”. Cách viết: xem docs/editors.md.
# Dòng bắt đầu bằng # là ghi chú, kheo bỏ qua. Muốn dùng khóa nào thì xóa dấu # ở đầu dòng.

# Tên mô hình (bắt buộc).
title: {title}
# Địa bàn, từ cấp trên xuống, cách nhau bằng “/” (bắt buộc, 1 đến 3 cấp).
# Ví dụ: "Thanh Hóa / Sầm Sơn / Trường Sơn"
locality: {locality}
# Lĩnh vực (bắt buộc): {fields}.
field: {field}
# Năm bắt đầu hoặc được công nhận (bắt buộc, trừ khi đã có date).
year: {year}
# Ngày cụ thể hơn: YYYY, YYYY-MM hoặc YYYY-MM-DD. Có date thì có thể bỏ year.
# date: "{year}-04"
# Tóm tắt một, hai câu. Bỏ trống thì lấy đoạn văn đầu tiên của bài.
# summary: ""
# Tổ chức, đơn vị thực hiện.
# organizations: [Hội Liên hiệp Phụ nữ phường, Đoàn Thanh niên phường]
# Điển hình của mô hình. kind: tap-the (tập thể), ca-nhan (cá nhân), ho-gia-dinh (hộ gia đình).
# people:
#   - {{name: "Tên người hoặc tập thể", role: "Vai trò", kind: ca-nhan}}
# Những con số chính (giá trị viết trong ngoặc kép).
# results:
#   - {{label: "Hộ tham gia", value: "120"}}
# Tình trạng: dang-thuc-hien (mặc định), nhan-rong, tam-dung, ket-thuc.
# status: dang-thuc-hien
# Từ khóa tự do.
# tags: [môi trường, an sinh xã hội]
# Nguồn tư liệu.
# sources:
#   - {{title: "Tên bài viết", url: "https://…", publisher: "Tên báo", date: "{year}-04-01"}}
# Ảnh. src bắt đầu bằng / là tệp trong thư mục static/; alt (mô tả ảnh) là bắt buộc.
# images:
#   - {{src: /anh/ten-anh.jpg, alt: "Mô tả ảnh cho người không xem được", caption: "Chú thích", credit: "Người chụp"}}
# Đưa lên trang chủ.
# featured: true
# Bản nháp: không đăng cho tới khi xóa dòng này.
# draft: true
# Tên trong địa chỉ trang (chỉ a-z, 0-9, -). Mặc định làm từ tên mô hình.
{slug_line}
# Ghi chú, số điện thoại liên hệ của người viết: KHÔNG BAO GIỜ được đăng.
# private:
#   ghi_chu: ""
---

Viết câu chuyện của mô hình ở đây: mô hình ra đời thế nào, ai tham gia.

## Cách làm

Những việc cụ thể đã làm.

## Kết quả

Những thay đổi, con số cho thấy mô hình hiệu quả.
"#,
        title = yaml_str(title),
        fields = field_comment(cfg),
    )
}

/// What a new award file is filled with.
pub struct AwardFill<'a> {
    pub title: &'a str,
    pub kind: Option<&'a str>,
    pub level: Option<&'a str>,
    pub issuer: Option<&'a str>,
    pub locality: Option<&'a str>,
    /// `year: 2023` or `period: "2009-2019"`.
    pub when: &'a str,
    pub models: &'a [String],
    pub slug: Option<&'a str>,
}

/// The text of a new award file.
pub fn award_template(f: &AwardFill) -> String {
    let empty = "\"\"";
    let locality = match f.locality {
        Some(l) => format!("locality: {}", yaml_str(l)),
        None => "# locality: \"Hồ Chí Minh / Bình Tân\"".to_string(),
    };
    let models = if f.models.is_empty() {
        "# models: [slug-cua-mo-hinh]".to_string()
    } else {
        format!("models: [{}]", f.models.join(", "))
    };
    let slug_line = match f.slug {
        Some(s) => format!("slug: {s}"),
        None => "# slug: ten-khen-thuong".to_string(),
    };
    let other_when = if f.when.starts_with("year") {
        "# period: \"2009-2019\""
    } else {
        "# year: 2019"
    };
    format!(
        r#"---
# Khen thưởng “Dân vận khéo”. Cách viết: xem docs/editors.md.
# Dòng bắt đầu bằng # là ghi chú, kheo bỏ qua. Muốn dùng khóa nào thì xóa dấu # ở đầu dòng.

# Tên đợt khen thưởng (bắt buộc).
title: {title}
# Hình thức (bắt buộc): giay-khen (Giấy khen), bang-khen (Bằng khen), tuyen-duong (Tuyên dương),
# ky-niem-chuong (Kỷ niệm chương), cong-nhan (Quyết định công nhận).
kind: {kind}
# Cấp khen (bắt buộc): co-so, huyen, tinh, trung-uong (có thể viết “cấp tỉnh”…).
level: {level}
# Cơ quan khen thưởng (bắt buộc).
issuer: {issuer}
# Địa bàn nơi khen thưởng, từ cấp trên xuống.
{locality}
# Năm khen thưởng; hoặc period cho cả một giai đoạn (chỉ dùng một trong hai).
{when}
{other_when}
# Ngày cụ thể: YYYY, YYYY-MM hoặc YYYY-MM-DD.
# date: "2019-10-15"
# Những người, tập thể được khen. kind: tap-the, ca-nhan, ho-gia-dinh; model: slug của mô hình.
# recipients:
#   - {{name: "Tên tập thể hoặc cá nhân", kind: tap-the, unit: "Đơn vị", model: slug-cua-mo-hinh}}
# Khi chỉ có số lượng, không có danh sách.
# totals: {{tap-the: 10, ca-nhan: 3}}
# Những mô hình được khen (slug của mô hình).
{models}
# Nguồn tư liệu.
# sources:
#   - {{title: "Tên bài viết", url: "https://…", publisher: "Tên báo", date: "2019-10-16"}}
# Bản nháp: không đăng cho tới khi xóa dòng này.
# draft: true
# Tên trong địa chỉ trang (chỉ a-z, 0-9, -). Mặc định làm từ tên khen thưởng.
{slug_line}
# Ghi chú riêng của người viết: KHÔNG BAO GIỜ được đăng.
# private:
#   ghi_chu: ""
---

Viết về đợt khen thưởng ở đây: dịp nào, ai trao, những ai được khen.
"#,
        title = yaml_str(f.title),
        kind = f.kind.unwrap_or(empty),
        level = f.level.unwrap_or(empty),
        issuer = f.issuer.map_or_else(|| empty.to_string(), yaml_str),
        when = f.when,
    )
}

#[cfg(test)]
mod tests;
