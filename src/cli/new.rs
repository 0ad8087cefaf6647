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
use crate::content::model::{field_unknown, parse_field};
use crate::diag::Diagnostics;
use crate::l10n::Msg;
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
    /// The site folder (default: the current folder).
    pub dir: Option<PathBuf>,
    /// The site folder, as older versions took it.
    #[arg(long = "dir", hide = true, conflicts_with = "dir")]
    pub dir_flag: Option<PathBuf>,
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
    /// The site folder (default: the current folder).
    pub dir: Option<PathBuf>,
    /// The site folder, as older versions took it.
    #[arg(long = "dir", hide = true, conflicts_with = "dir")]
    pub dir_flag: Option<PathBuf>,
}

/// The site folder: the positional argument, or `--dir`, or `.`.
fn site_folder<'a>(dir: &'a Option<PathBuf>, flag: &'a Option<PathBuf>) -> &'a Path {
    dir.as_deref().or(flag.as_deref()).unwrap_or(Path::new("."))
}

impl Kind {
    /// The site folder the new entry goes into.
    pub fn dir(&self) -> &Path {
        match self {
            Kind::Model(a) => site_folder(&a.dir, &a.dir_flag),
            Kind::Award(a) => site_folder(&a.dir, &a.dir_flag),
        }
    }
}

pub fn run(kind: Kind, ui: &Ui) -> Outcome {
    let result = match kind {
        Kind::Model(a) => new_model(a, ui),
        Kind::Award(a) => new_award(a, ui),
    };
    match result {
        Ok(created) => {
            println!("{}", created.path.display());
            if !created.to_fill.is_empty() {
                ui.info(Msg::new("new-fill-in").arg("keys", created.to_fill.join(", ")));
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

/// A bad flag: the message names it (argument `flag`).
fn usage(flag: &str, msg: Msg) -> Outcome {
    Outcome::Usage(msg.arg("flag", flag))
}

/// A file that could not be made.
fn refused(path: &Path, e: &std::io::Error) -> Outcome {
    Outcome::Refused(
        Msg::new("new-write-failed")
            .path("path", path)
            .arg("detail", e.to_string()),
    )
}

/// A locality flag as the loaders read it: 1 to 3 non-empty levels.
fn locality(flag: Option<&str>) -> Result<Option<String>, Outcome> {
    let Some(s) = flag else { return Ok(None) };
    let parts: Vec<String> = s.split('/').map(|p| text::nfc(p.trim())).collect();
    if parts.iter().any(String::is_empty) || parts.len() > 3 {
        return Err(usage(
            "--locality",
            Msg::new("new-locality-bad").arg("value", s),
        ));
    }
    Ok(Some(parts.join(" / ")))
}

fn year(flag: Option<i64>) -> Result<i64, Outcome> {
    let y = flag.unwrap_or_else(this_year);
    if !(1900..=2200).contains(&y) {
        return Err(usage(
            "--year",
            Msg::new("new-year-bad").arg("value", y.to_string()),
        ));
    }
    Ok(y)
}

/// The slug (from --slug or the title), checked as the loaders check it.
fn slug(flag: Option<&str>, title: &str) -> Result<String, Outcome> {
    if title.trim().is_empty() {
        return Err(Outcome::Usage(Msg::new("new-title-empty")));
    }
    match flag {
        Some(s) => {
            if s.is_empty() || text::slugify(s) != s || s.len() > text::MAX_SLUG {
                return Err(usage(
                    "--slug",
                    Msg::new("new-slug-bad")
                        .arg("value", s)
                        .arg("max", text::MAX_SLUG)
                        .arg("example", text::title_slug(s)),
                ));
            }
            Ok(s.to_string())
        }
        None => {
            let s = text::title_slug(title);
            if s.is_empty() {
                return Err(Outcome::Usage(Msg::new("new-title-no-slug")));
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
        Some(p) => Err(Outcome::Refused(Msg::new("new-exists").path("path", &p))),
        None => Ok(target),
    }
}

fn write_new(path: &Path, text: &str) -> Result<(), Outcome> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| refused(parent, &e))?;
    }
    // create_new: never replace a file, even one that appeared meanwhile.
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| refused(path, &e))?;
    f.write_all(text.as_bytes()).map_err(|e| refused(path, &e))
}

fn load_config(dir: &Path, ui: &Ui) -> Result<SiteConfig, Outcome> {
    let mut diags = Diagnostics::new();
    let cfg = SiteConfig::load(dir, &mut diags);
    if diags.has_errors() {
        ui.diagnostics(&diags, dir);
        return Err(Outcome::ContentErrors);
    }
    Ok(cfg)
}

fn new_model(a: ModelArgs, ui: &Ui) -> Result<Created, Outcome> {
    let dir = site_folder(&a.dir, &a.dir_flag);
    site_dir(dir)?;
    let cfg = load_config(dir, ui)?;
    let title = text::nfc(a.title.trim());
    let slug = slug(a.slug.as_deref(), &title)?;
    let locality = locality(a.locality.as_deref())?;
    let field = match a.field.as_deref() {
        None => None,
        Some(f) => match parse_field(&cfg, f) {
            Some(i) => Some(cfg.fields[i].key.clone()),
            None => return Err(usage("--field", field_unknown(&cfg, f))),
        },
    };
    let year = year(a.year)?;
    let path = free_path(dir, "models", &slug)?;
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

fn new_award(a: AwardArgs, ui: &Ui) -> Result<Created, Outcome> {
    let dir = site_folder(&a.dir, &a.dir_flag);
    site_dir(dir)?;
    let cfg = load_config(dir, ui)?;
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
                    Msg::new("new-period-bad").arg("value", p.as_str()),
                ));
            }
        },
        None => format!("year: {}", year(a.year)?),
    };
    if !a.models.is_empty() {
        check_model_slugs(dir, &cfg, &a.models)?;
    }
    let issuer = a.issuer.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let path = free_path(dir, "awards", &slug)?;
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
        None => Err(usage(flag, choices_help::<C>(v))),
    }
}

/// Model slugs given with --model must name models of the site, as a build requires.
fn check_model_slugs(dir: &Path, cfg: &SiteConfig, slugs: &[String]) -> Result<(), Outcome> {
    let md = cfg.markdown_options();
    let opts = crate::BuildOptions {
        dir: dir.to_path_buf(),
        drafts: true,
        ..crate::BuildOptions::default()
    };
    let content = crate::content::load(
        &opts,
        cfg,
        &md,
        crate::content::CacheUse::Read,
        None,
        &mut Diagnostics::new(),
    );
    let known: Vec<&str> = content.models.iter().map(|m| m.slug.as_str()).collect();
    for s in slugs {
        if !known.contains(&s.as_str()) {
            let near = closest(s, &known).unwrap_or("none");
            return Err(usage(
                "--model",
                Msg::new("new-model-unknown")
                    .arg("value", s.as_str())
                    .arg("suggestion", near),
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
