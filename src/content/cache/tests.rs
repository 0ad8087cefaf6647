//! Tests of the cache: entries found in order, stamps not trusted too
//! close to a read, text read back as written.

mod entries {
    use super::super::*;

    fn entries(names: &[&str]) -> Entries<usize> {
        let stamp = Stamp {
            len: 1,
            mtime_ns: 1,
            ctime_ns: 1,
            ino: 1,
        };
        Entries {
            list: names
                .iter()
                .enumerate()
                .map(|(i, n)| Some((n.to_string(), stamp, i)))
                .collect(),
            ..Entries::default()
        }
    }

    #[test]
    fn texts_read_back_what_postcard_wrote_and_never_bad_utf8() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Row {
            #[serde(deserialize_with = "super::super::text::string")]
            title: String,
            #[serde(deserialize_with = "super::super::text::path")]
            path: PathBuf,
            #[serde(deserialize_with = "super::super::text::strings")]
            locality: Vec<String>,
            after: u32,
        }
        let row = Row {
            title: "Dân vận khéo: \"Đường hoa nông thôn mới\"".into(),
            path: PathBuf::from("content/models/đường-hoa.md"),
            locality: vec!["Tỉnh Hòa Bình".into(), String::new(), "Xã Tân Lạc".into()],
            after: 7,
        };
        let bytes = postcard::to_allocvec(&row).expect("encode");
        assert_eq!(postcard::from_bytes::<Row>(&bytes).expect("decode"), row);
        // A byte of the title that breaks its UTF-8: an error, not a string.
        let mut bad = bytes.clone();
        // (postcard: a one-byte length, then the bytes)
        let at = 1 + "Dân".len() - 1;
        bad[at] = 0xFF;
        assert!(postcard::from_bytes::<Row>(&bad).is_err());
    }

    /// Taken in order, out of order, twice, or not there: each entry comes
    /// out once, the one saved for that name; `RECENT`'s come first.
    #[test]
    fn entries_come_out_by_name_whatever_the_order() {
        let names: Vec<String> = (0..40).map(|i| format!("m{i:02}.md")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut e = entries(&refs);
        assert_eq!(e.take("m00.md").map(|t| t.1), Some(0));
        assert_eq!(e.take("new.md").map(|t| t.1), None);
        // m01 and m02 removed: a step aside.
        assert_eq!(e.take("m03.md").map(|t| t.1), Some(3));
        // Far ahead, then back.
        assert_eq!(e.take("m30.md").map(|t| t.1), Some(30));
        assert_eq!(e.take("m04.md").map(|t| t.1), Some(4));
        assert_eq!(e.take("m04.md").map(|t| t.1), None, "taken twice");
        assert_eq!(e.take("m05.md").map(|t| t.1), Some(5));
        let mut e = entries(&refs);
        e.recent
            .insert("m01.md".into(), (Stamp::default_for_tests(), 99));
        assert_eq!(e.take("m00.md").map(|t| (t.1, t.2)), Some((0, false)));
        assert_eq!(e.take("m01.md").map(|t| (t.1, t.2)), Some((99, true)));
        // The saved m01 went with it: the next is in step again.
        assert_eq!(e.take("m02.md").map(|t| t.1), Some(2));
        assert!(e.index.is_none(), "in step, no index needed");
        assert_eq!(e.len(), 40);
    }
}

mod racy {
    use super::super::*;

    fn stamp(mtime_ns: i128) -> Stamp {
        Stamp {
            len: 10,
            mtime_ns,
            ctime_ns: mtime_ns,
            ino: 1,
        }
    }

    /// An entry is reused only when its file changed well before the load
    /// that read it began: 50 ms for stamps with fractions of a second,
    /// 2 s for whole seconds; entries of `RECENT` by their own load.
    #[test]
    fn stamps_close_to_the_read_are_not_trusted() {
        let read = 1_800_000_000_123_456_789;
        let cache = Cache {
            read_ns: read,
            recent_read_ns: read + 10_000_000_000,
            recent: ["r.md".to_string()].into_iter().collect(),
            ..Cache::default()
        };
        let fresh = |rel: &str, mtime: i128| {
            cache.fresh(cache.recent.contains(rel), &stamp(mtime), &stamp(mtime))
        };
        assert!(fresh("a.md", read - 60_000_000));
        assert!(!fresh("a.md", read - 40_000_000));
        assert!(!fresh("a.md", read + 1));
        let whole = read - read % 1_000_000_000;
        assert!(!fresh("a.md", whole - 1_000_000_000));
        assert!(fresh("a.md", whole - 3_000_000_000));
        // The recent entry was read 10 s later.
        assert!(fresh("r.md", read + 5_000_000_000));
        assert!(!fresh("a.md", read + 5_000_000_000));
        // A stamp that differs is never fresh.
        assert!(!cache.fresh(
            false,
            &stamp(read - 9_000_000_000),
            &stamp(read - 8_000_000_000)
        ));
    }
}

mod forged {
    use super::super::Paths;
    use std::path::PathBuf;

    #[test]
    fn an_entry_read_back_must_name_its_own_file_and_bundle() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("content/models/x/index.md");
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        let text = "---\ntitle: X\nlocality: Hà Nội\nfield: kinh-te\nyear: 2020\n---\nx\n";
        std::fs::write(&file, text).expect("write");
        let source = crate::content::frontmatter::decode(&file, text.as_bytes()).expect("utf-8");
        let md = crate::markdown::Options {
            root: "/".into(),
            trust_raw_html: false,
        };
        let cfg = crate::config::SiteConfig::default();
        let m = crate::content::model::load(&source, &cfg, &md).expect("loads");
        assert!(m.is_at(&file));
        assert!(!m.is_at(&dir.path().join("content/models/y/index.md")));
        let mut forged = m.clone();
        forged.path = PathBuf::from("/etc/passwd");
        assert!(!forged.is_at(&file));
        let mut forged = m;
        forged.bundle_dir = Some(PathBuf::from("/home"));
        assert!(!forged.is_at(&file));
    }
}
