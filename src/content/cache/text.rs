//! Text fields read from the cache through one check of their UTF-8 by
//! `simdutf8` instead of std's (`#[serde(deserialize_with)]` on the
//! [`Model`]'s strings): the parse cache of a national site holds 140 MB,
//! most of it Vietnamese text, and std's check of each string was a
//! tenth of decoding it. The bytes are what postcard wrote for a `String`
//! (its length, then its bytes), read in place.

use serde::de::{Deserializer, Error, SeqAccess, Visitor};
use std::path::PathBuf;

struct Text;

impl<'de> Visitor<'de> for Text {
    type Value = String;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("UTF-8 text")
    }
    fn visit_borrowed_bytes<E: Error>(self, v: &'de [u8]) -> Result<String, E> {
        self.visit_bytes(v)
    }
    fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<String, E> {
        simdutf8::basic::from_utf8(v)
            .map(str::to_owned)
            .map_err(|_| E::custom("text that is not UTF-8"))
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
}

pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_bytes(Text)
}

pub fn path<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
    string(d).map(PathBuf::from)
}

pub fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct List;
    impl<'de> Visitor<'de> for List {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of texts")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            struct One(String);
            impl<'de> serde::Deserialize<'de> for One {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<One, D::Error> {
                    string(d).map(One)
                }
            }
            let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
            while let Some(One(s)) = seq.next_element()? {
                v.push(s);
            }
            Ok(v)
        }
    }
    d.deserialize_seq(List)
}
