//! Issue 6, "Titles and every front matter value are escaped in HTML,
//! attributes, XML and JSON": markup written into an entry's values comes
//! out as text everywhere, never as elements, attributes or scripts.

use crate::common::*;

/// Markup that would run if any value were pasted into a page unescaped:
/// in element text, in a double- or single-quoted attribute, in a JSON
/// string inside `<script>`, and in XML.
const TITLE: &str = "Mô hình \"><script>alert('t')</script> & <b id=x1>";
const SUMMARY: &str = "Tóm tắt '><img src=x2 onerror=alert(1)> </script><script>alert(2)</script>";
const ORG: &str = "Hội \" onmouseover=\"alert(3)";

/// A YAML double-quoted scalar.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn markup_in_front_matter_values_is_text_in_every_output_file() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &format!(
                "---\ntitle: {}\nslug: a\nlocality: Hà Nội\nfield: kinh-te\nyear: 2021\nsummary: {}\norganizations: [{}]\nresults:\n  - {{label: {}, value: {}}}\ntags: [{}]\n---\nNội dung.\n",
                q(TITLE),
                q(SUMMARY),
                q(ORG),
                q(ORG),
                q(TITLE),
                q(SUMMARY)
            ),
        )
        .file(
            "content/awards/k.md",
            &format!(
                "---\ntitle: {}\nslug: k\nkind: bang-khen\nlevel: tinh\nissuer: {}\nyear: 2021\nmodels: [a]\n---\n",
                q(TITLE),
                q(ORG)
            ),
        );
    t.build_ok();

    // The model's page shows the title as text, exactly as written.
    let page = t.html(&t.model("a"));
    assert_eq!(texts(&page, "h1"), vec![TITLE.replace("  ", " ")]);

    let mut html_files = 0;
    for entry in walkdir::WalkDir::new(t.out())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let path = entry.path();
        let name = path.display().to_string();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let bytes = std::fs::read(path).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        match ext {
            "html" => {
                html_files += 1;
                let doc = scraper::Html::parse_document(&text);
                for el in doc.select(&sel("*")) {
                    let v = el.value();
                    for (attr, value) in v.attrs() {
                        assert!(
                            !attr.starts_with("on"),
                            "{name}: event handler {attr}={value:?} on <{}>",
                            v.name()
                        );
                    }
                    assert!(
                        !matches!(v.id(), Some("x1")),
                        "{name}: an entry's <b id=x1> became an element"
                    );
                    assert!(
                        !(v.name() == "img" && v.attr("src") == Some("x2")),
                        "{name}: an entry's <img> became an element"
                    );
                    if v.name() == "script" {
                        let code: String = el.text().collect();
                        if v.attr("type") == Some("application/ld+json") {
                            // The values are data here: the element must
                            // hold all of the JSON (no early `</script>`)
                            // and the JSON must give them back as written.
                            let json: serde_json::Value = serde_json::from_str(&code)
                                .unwrap_or_else(|e| panic!("{name}: JSON-LD: {e}\n{code}"));
                            if path.ends_with("mo-hinh/ha-noi/a/index.html") {
                                let all = json.to_string();
                                assert!(all.contains("alert('t')"), "{name}: title lost: {all}");
                            }
                        } else {
                            assert!(!code.contains("alert("), "{name}: script {code:?}");
                        }
                    }
                }
            }
            "xml" => {
                let mut r = quick_xml::Reader::from_str(&text);
                loop {
                    match r.read_event() {
                        Ok(quick_xml::events::Event::Eof) => break,
                        Ok(quick_xml::events::Event::Start(e))
                        | Ok(quick_xml::events::Event::Empty(e)) => {
                            let tag = e.name().as_ref().to_string();
                            assert!(
                                !matches!(tag.as_str(), "script" | "img" | "b"),
                                "{name}: <{tag}> from an entry"
                            );
                        }
                        Ok(_) => {}
                        Err(e) => panic!("{name}: not well-formed XML: {e}"),
                    }
                }
            }
            "json" => {
                let json: serde_json::Value =
                    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));
                let _ = json;
            }
            _ => {}
        }
    }
    assert!(html_files > 5, "{html_files} pages");

    // The open data holds the title as written.
    let data = t.data_models();
    assert_eq!(data[0]["title"], TITLE);
}
