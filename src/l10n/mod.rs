//! Localised messages: every sentence kheo says to a person, in Vietnamese
//! or English, from the Fluent files in `locales/` (compiled into the
//! binary).
//!
//! This module owns the language choice ([`Lang`]), the message catalogue
//! ([`Messages`], one Fluent bundle, passed by value to whoever renders
//! text: there is no global current language) and the message value
//! ([`Msg`]: an id and its arguments, rendered late). Code never branches
//! on a rendered message: it keeps the [`Msg`] id, which is also the
//! diagnostic's stable kind. It does not decide what is wrong with a site
//! (the stages do) nor how a diagnostic is laid out ([`crate::diag`]).

use std::borrow::Cow;
use std::path::Path;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub mod cli;

/// The Fluent sources, one per language, with the same ids.
pub const VI_FTL: &str = include_str!("../../locales/vi/kheo.ftl");
pub const EN_FTL: &str = include_str!("../../locales/en/kheo.ftl");

/// A language kheo speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// `vi`, `vi-VN`, `vi_VN.UTF-8` are Vietnamese; `en…` English.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("vi") {
            Some(Lang::Vi)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The language of the environment as POSIX says to read it (`LC_ALL`,
    /// then `LC_MESSAGES`, then `LANG`): Vietnamese when the first one set
    /// starts with `vi`, English otherwise.
    pub fn from_env_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| get(k).filter(|v| !v.is_empty()))
            .next()
            .map_or(Lang::En, |v| {
                if v.to_ascii_lowercase().starts_with("vi") {
                    Lang::Vi
                } else {
                    Lang::En
                }
            })
    }

    /// [`Lang::from_env_vars`] over the process's environment.
    pub fn from_env() -> Lang {
        Lang::from_env_vars(|k| std::env::var(k).ok())
    }

    /// The language for a site folder: its `site.yaml`'s `language:` when
    /// the file exists (kheo's default there is Vietnamese), else the
    /// environment's.
    pub fn for_site(dir: &Path) -> Lang {
        match crate::config::language_of(dir) {
            Some(Some(l)) => Lang::parse(&l).unwrap_or(Lang::Vi),
            Some(None) => Lang::Vi,
            None => Lang::from_env(),
        }
    }
}

/// One argument of a message.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    Text(String),
    Number(i64),
}

impl Arg {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Arg::Text(s) => Some(s),
            Arg::Number(_) => None,
        }
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(usize, u64, u32, u16, u8, i64, i32);

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

impl From<Cow<'_, str>> for Arg {
    fn from(s: Cow<'_, str>) -> Arg {
        Arg::Text(s.into_owned())
    }
}

/// A message not yet rendered: a Fluent id and its arguments. The id is
/// stable (tests and code match on it); the text depends on the language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Msg {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub fn new(id: &'static str) -> Msg {
        Msg {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Msg {
        self.args.push((name, value.into()));
        self
    }

    /// A path argument, shown with `/` on every system.
    pub fn path(self, name: &'static str, p: &Path) -> Msg {
        self.arg(name, p.to_string_lossy().replace('\\', "/"))
    }

    /// The text of argument `name`, if it is text.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| v.as_text())
    }
}

impl From<&'static str> for Msg {
    fn from(id: &'static str) -> Msg {
        Msg::new(id)
    }
}

/// The catalogue of one language. Made once per command and passed down
/// to what renders text.
pub struct Messages {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl Clone for Messages {
    fn clone(&self) -> Messages {
        Messages::new(self.lang)
    }
}

impl PartialEq for Messages {
    fn eq(&self, other: &Messages) -> bool {
        self.lang == other.lang
    }
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Messages({})", self.lang.code())
    }
}

impl Messages {
    pub fn new(lang: Lang) -> Messages {
        let (code, src) = match lang {
            Lang::Vi => ("vi", VI_FTL),
            Lang::En => ("en", EN_FTL),
        };
        // Both files are checked by this module's tests: a syntax error
        // cannot ship, so the parser's partial result is the whole file.
        let res = FluentResource::try_new(src.to_string()).unwrap_or_else(|(r, _)| r);
        let id = code.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Terminals show Unicode isolation marks as boxes or spaces.
        bundle.set_use_isolating(false);
        let _ = bundle.add_resource(res);
        Messages { lang, bundle }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    fn args(msg: &Msg) -> FluentArgs<'_> {
        let mut args = FluentArgs::new();
        for (k, v) in &msg.args {
            match v {
                Arg::Text(s) => args.set(*k, FluentValue::from(s.as_str())),
                Arg::Number(n) => args.set(*k, FluentValue::from(*n)),
            }
        }
        args
    }

    fn format(&self, msg: &Msg, attr: Option<&str>) -> Option<String> {
        let m = self.bundle.get_message(msg.id)?;
        let pattern = match attr {
            None => m.value()?,
            Some(a) => m.get_attribute(a)?.value(),
        };
        let args = Self::args(msg);
        let mut errors = Vec::new();
        let s = self
            .bundle
            .format_pattern(pattern, Some(&args), &mut errors);
        Some(s.into_owned())
    }

    /// The message's text (its id when the catalogue lacks it, which the
    /// tests forbid).
    pub fn text(&self, msg: &Msg) -> String {
        self.format(msg, None).unwrap_or_else(|| msg.id.to_string())
    }

    /// The message's `.help` attribute, when it has one.
    pub fn help(&self, msg: &Msg) -> Option<String> {
        self.format(msg, Some("help"))
    }

    /// Shorthand: a message with no arguments.
    pub fn get(&self, id: &'static str) -> String {
        self.text(&Msg::new(id))
    }

    /// Whether the catalogue has `id` (with a value).
    pub fn has(&self, id: &str) -> bool {
        self.bundle
            .get_message(id)
            .is_some_and(|m| m.value().is_some())
    }

    /// A message whose id is made at run time (the CLI help, by argument
    /// name), when the catalogue has it.
    pub fn dynamic(&self, id: &str) -> Option<String> {
        let m = self.bundle.get_message(id)?;
        let mut errors = Vec::new();
        Some(
            self.bundle
                .format_pattern(m.value()?, None, &mut errors)
                .into_owned(),
        )
    }
}

#[cfg(test)]
mod tests;
