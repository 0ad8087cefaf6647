//! The form of an entry: for each front matter key of SPEC §3, the control
//! it needs, whether it is required, whether it is private, its label in
//! the editor's language, and for a choice its values with their
//! Vietnamese and English names.
//!
//! Nothing here repeats a list the loaders own: the keys come from
//! [`Schema::KEYS`] of `RawModel` / `RawAward` (a test checks every key has
//! a control and no control names a key the loader refuses), the sub-keys
//! of rows from [`crate::content::keys`], status, award kinds, levels and
//! recipient kinds from [`crate::content::enums`], fields from the site's
//! configuration. Labels and the English names of choices are messages
//! of [`crate::l10n`] (`edit-field-*`, `edit-choice`).

use serde::Serialize;

use crate::config::SiteConfig;
use crate::content::award::RawAward;
use crate::content::enums::{AwardKind, AwardLevel, Choice as Enum, RecipientKind, Status};
use crate::content::keys::{self, Schema};
use crate::content::model::RawModel;
use crate::l10n::{Lang, Messages, Msg};

/// Which kind of entry a form edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Kind {
    Model,
    Award,
}

impl Kind {
    /// Its front matter keys, in the loader's order (also the order a key
    /// the file lacks is placed in, see [`super::save::apply`]).
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Kind::Model => RawModel::KEYS,
            Kind::Award => RawAward::KEYS,
        }
    }

    /// Its folder under `content/`.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Model => "models",
            Kind::Award => "awards",
        }
    }
}

/// One value of a choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChoiceOption {
    /// What the file gets (`nhan-rong`).
    pub key: String,
    /// Vietnamese name (`Nhân rộng`).
    pub vi: String,
    /// English name (`Replicated`).
    pub en: String,
}

/// The control a key needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Control {
    /// One line of text.
    Text,
    /// A paragraph.
    LongText,
    /// A year (four digits).
    Year,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    Date,
    /// `2009-2019`.
    Period,
    /// A tick box.
    Bool,
    /// A URL name: `a-z`, `0-9`, `-`.
    Slug,
    /// An address (`https://…`).
    Url,
    /// One of a closed list.
    Choice { options: Vec<ChoiceOption> },
    /// A locality, with type-ahead ([`super::typeahead`]).
    Locality,
    /// A list of short texts (organizations, tags, aliases).
    Words,
    /// The models an award names (`models`), one a line, with a picker
    /// over the site's models.
    Models,
    /// One model an award names (a recipient's `model`), with that picker.
    Model,
    /// Repeatable rows of sub-fields.
    Rows { fields: Vec<Field> },
    /// A count for each value of a choice (`totals`).
    Counts { options: Vec<ChoiceOption> },
    /// Free notes, name → text (`private`).
    Notes,
}

/// Whether a key must be filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "keys", rename_all = "kebab-case")]
pub enum Required {
    No,
    Yes,
    /// At least one of these keys (`year` or `date`).
    OneOf(&'static [&'static str]),
}

/// One key of the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The front matter key (`title`), or a row's sub-key (`name`).
    pub key: &'static str,
    /// Message id of its label (`edit-field-people-name`).
    pub label_id: String,
    pub control: Control,
    pub required: Required,
    /// Never published (`private`): the form must say so beside it.
    pub private: bool,
}

impl Field {
    /// Its label in the editor's language.
    pub fn label(&self, m: &Messages) -> String {
        m.dynamic(&self.label_id)
            .unwrap_or_else(|| self.key.to_string())
    }
}

/// The values of an enumeration, with their names.
fn options<C: Enum>(en: &Messages) -> Vec<ChoiceOption> {
    C::ALL
        .iter()
        .map(|c| named(c.key(), c.name(), en))
        .collect()
}

fn named(key: &str, vi: &str, en: &Messages) -> ChoiceOption {
    ChoiceOption {
        key: key.to_string(),
        vi: vi.to_string(),
        en: en.text(&Msg::new("edit-choice").arg("key", key).arg("name", vi)),
    }
}

fn field(parent: Option<&str>, key: &'static str, control: Control, required: Required) -> Field {
    let label_id = match parent {
        Some(p) => format!("edit-field-{p}-{key}"),
        None => format!("edit-field-{key}"),
    };
    Field {
        key,
        label_id,
        control,
        required,
        private: key == "private" && parent.is_none(),
    }
}

/// The control of a row's sub-key.
fn sub_control(parent: &str, key: &str, en: &Messages) -> Control {
    match (parent, key) {
        (_, "kind") => Control::Choice {
            options: options::<RecipientKind>(en),
        },
        (_, "date") => Control::Date,
        (_, "url") => Control::Url,
        ("recipients", "model") => Control::Model,
        _ => Control::Text,
    }
}

/// Rows whose sub-keys are the loader's ([`keys::PERSON_KEYS`]…); the
/// ones an entry cannot leave out are required.
fn rows(parent: &'static str, sub: &'static [&'static str], en: &Messages) -> Control {
    let required = |k: &str| match (parent, k) {
        (_, "name") | ("results", _) | ("sources", "title") => Required::Yes,
        ("images", "src" | "alt") => Required::Yes,
        _ => Required::No,
    };
    Control::Rows {
        fields: sub
            .iter()
            .map(|k| field(Some(parent), k, sub_control(parent, k, en), required(k)))
            .collect(),
    }
}

/// The form of an entry of `kind` on the site configured by `cfg`: one
/// [`Field`] per key the loader reads, in its order.
pub fn fields(kind: Kind, cfg: &SiteConfig) -> Vec<Field> {
    let en = Messages::new(Lang::En);
    kind.keys()
        .iter()
        .map(|&key| {
            let (control, required) = control(kind, key, cfg, &en);
            field(None, key, control, required)
        })
        .collect()
}

fn control(kind: Kind, key: &'static str, cfg: &SiteConfig, en: &Messages) -> (Control, Required) {
    use Required::{No, OneOf, Yes};
    let when: &'static [&'static str] = match kind {
        Kind::Model => &["year", "date"],
        Kind::Award => &["year", "period"],
    };
    match key {
        "title" => (Control::Text, Yes),
        "locality" => (
            Control::Locality,
            if kind == Kind::Model { Yes } else { No },
        ),
        "field" => (
            Control::Choice {
                options: cfg
                    .fields
                    .iter()
                    .map(|f| named(&f.key, &f.name, en))
                    .collect(),
            },
            Yes,
        ),
        "year" => (Control::Year, OneOf(when)),
        "period" => (Control::Period, OneOf(when)),
        "date" if kind == Kind::Model => (Control::Date, OneOf(when)),
        "date" => (Control::Date, No),
        "summary" => (Control::LongText, No),
        "people" => (rows("people", keys::PERSON_KEYS, en), No),
        "results" => (rows("results", keys::RESULT_KEYS, en), No),
        "sources" => (rows("sources", keys::SOURCE_KEYS, en), No),
        "images" => (rows("images", keys::IMAGE_KEYS, en), No),
        "recipients" => (rows("recipients", keys::RECIPIENT_KEYS, en), No),
        "status" => (
            Control::Choice {
                options: options::<Status>(en),
            },
            No,
        ),
        "kind" => (
            Control::Choice {
                options: options::<AwardKind>(en),
            },
            Yes,
        ),
        "level" => (
            Control::Choice {
                options: options::<AwardLevel>(en),
            },
            Yes,
        ),
        "issuer" => (Control::Text, Yes),
        "totals" => (
            Control::Counts {
                options: options::<RecipientKind>(en),
            },
            No,
        ),
        "featured" | "draft" => (Control::Bool, No),
        "slug" => (Control::Slug, No),
        "private" => (Control::Notes, No),
        "models" => (Control::Models, No),
        // organizations, tags, aliases: lists of short texts.
        _ => (Control::Words, No),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_key(fields: &[Field], key: &str) -> Field {
        fields
            .iter()
            .find(|f| f.key == key)
            .cloned()
            .unwrap_or_else(|| panic!("no field {key}"))
    }

    #[test]
    fn every_key_the_loaders_read_has_a_control_and_no_other() {
        let cfg = SiteConfig::default();
        for kind in [Kind::Model, Kind::Award] {
            let keys: Vec<&str> = fields(kind, &cfg).iter().map(|f| f.key).collect();
            assert_eq!(keys, kind.keys());
        }
        let words: Vec<&str> = fields(Kind::Model, &cfg)
            .iter()
            .filter(|f| f.control == Control::Words)
            .map(|f| f.key)
            .collect();
        assert_eq!(words, ["organizations", "tags", "aliases"]);
    }

    #[test]
    fn rows_have_the_sub_keys_the_loaders_take() {
        let cfg = SiteConfig::default();
        let model = fields(Kind::Model, &cfg);
        let award = fields(Kind::Award, &cfg);
        for (key, sub) in RawModel::NESTED.iter().chain(RawAward::NESTED) {
            let of_model = RawModel::NESTED.iter().any(|(k, _)| k == key);
            let f = by_key(if of_model { &model } else { &award }, key);
            match f.control {
                Control::Rows { fields } => {
                    let got: Vec<&str> = fields.iter().map(|f| f.key).collect();
                    assert_eq!(&got, sub, "{key}");
                }
                other => panic!("{key}: {other:?}"),
            }
        }
        let images = by_key(&model, "images");
        let Control::Rows { fields: sub } = images.control else {
            panic!("rows")
        };
        assert_eq!(by_key(&sub, "alt").required, Required::Yes);
        assert_eq!(by_key(&sub, "caption").required, Required::No);
    }

    #[test]
    fn choices_carry_vietnamese_and_english_names() {
        let cfg = SiteConfig::default();
        let model = fields(Kind::Model, &cfg);
        let Control::Choice { options } = by_key(&model, "status").control else {
            panic!("status is a choice")
        };
        assert_eq!(
            options[1],
            ChoiceOption {
                key: "nhan-rong".into(),
                vi: "Nhân rộng".into(),
                en: "Replicated".into()
            }
        );
        let Control::Choice { options } = by_key(&model, "field").control else {
            panic!("field is a choice")
        };
        let keys: Vec<&str> = options.iter().map(|o| o.key.as_str()).collect();
        let site: Vec<&str> = cfg.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, site);
        // Every built-in value has an English name of its own.
        let award = fields(Kind::Award, &cfg);
        for f in model.iter().chain(&award) {
            let options = match &f.control {
                Control::Choice { options } | Control::Counts { options } => options.clone(),
                Control::Rows { fields } => fields
                    .iter()
                    .flat_map(|s| match &s.control {
                        Control::Choice { options } => options.clone(),
                        _ => Vec::new(),
                    })
                    .collect(),
                _ => continue,
            };
            for o in options {
                assert!(!o.en.is_empty() && o.en != o.vi, "{}: {o:?}", f.key);
            }
        }
        // A field the site adds keeps its one name in English.
        let mut custom = SiteConfig::default();
        custom.fields.push(crate::config::FieldDef {
            key: "moi-truong".into(),
            name: "Môi trường".into(),
        });
        let Control::Choice { options } = by_key(&fields(Kind::Model, &custom), "field").control
        else {
            panic!("choice")
        };
        assert_eq!(options.last().map(|o| o.en.as_str()), Some("Môi trường"));
    }

    #[test]
    fn required_and_private_follow_the_spec() {
        let cfg = SiteConfig::default();
        let model = fields(Kind::Model, &cfg);
        let award = fields(Kind::Award, &cfg);
        let required = |fs: &[Field]| -> Vec<&'static str> {
            fs.iter()
                .filter(|f| f.required == Required::Yes)
                .map(|f| f.key)
                .collect()
        };
        assert_eq!(required(&model), ["title", "locality", "field"]);
        assert_eq!(required(&award), ["title", "kind", "level", "issuer"]);
        assert_eq!(
            by_key(&model, "year").required,
            Required::OneOf(&["year", "date"])
        );
        assert_eq!(
            by_key(&award, "period").required,
            Required::OneOf(&["year", "period"])
        );
        for fs in [&model, &award] {
            let private: Vec<&str> = fs.iter().filter(|f| f.private).map(|f| f.key).collect();
            assert_eq!(private, ["private"]);
        }
    }

    #[test]
    fn every_label_exists_in_both_languages() {
        let cfg = SiteConfig::default();
        for lang in [Lang::Vi, Lang::En] {
            let m = Messages::new(lang);
            for kind in [Kind::Model, Kind::Award] {
                for f in fields(kind, &cfg) {
                    let subs = match &f.control {
                        Control::Rows { fields } => fields.clone(),
                        _ => Vec::new(),
                    };
                    for f in std::iter::once(&f).chain(&subs) {
                        assert!(m.has(&f.label_id), "{lang:?}: {}", f.label_id);
                    }
                }
            }
        }
        let m = Messages::new(Lang::Vi);
        let title = by_key(&fields(Kind::Model, &cfg), "title");
        assert_eq!(title.label(&m), "Tên");
        assert_eq!(title.label(&Messages::new(Lang::En)), "Title");
    }
}
