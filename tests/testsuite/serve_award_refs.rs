//! An award's model references in the browser editor (`kheo serve`): its
//! preview shows the models it names as its page does, and a save that
//! names no model (a mistyped slug) is refused beside the field, with the
//! model it likely meant, as `kheo build` would report it.

use crate::common::*;
use crate::serve_forms::{WAIT, disk, form_of, get, post, served_path, set, site};

const AWARD: &str = "content/awards/c.md";

fn with_award() -> SiteTest {
    site().file(
        AWARD,
        "---\ntitle: \"Khen thưởng tổ dân vận\"\nkind: bang-khen\nlevel: tinh\nissuer: UBND thành phố Hà Nội\nyear: 2022\nmodels:\n  - to-dan-van-so-3\n---\nLời khen.\n",
    )
}

#[test]
fn an_awards_preview_shows_the_models_it_names_as_its_page_does() {
    let t = with_award();
    let server = Server::start_within(t.path(), WAIT);
    let port = server.port;
    let preview = post(port, "/_sua/api/xem-truoc", &form_of(port, AWARD));
    assert_eq!(preview.code, 200, "{}", preview.body);
    let doc = scraper::Html::parse_document(&preview.body);
    assert_eq!(
        texts(&doc, "h1"),
        ["Khen thưởng tổ dân vận"],
        "{}",
        preview.body
    );
    let named = |doc: &scraper::Html| -> Vec<String> {
        attrs(doc, "main a", "href")
            .into_iter()
            .filter(|h| h.contains("to-dan-van-so-3"))
            .collect()
    };
    let shown = named(&doc);
    assert!(!shown.is_empty(), "{}", preview.body);
    // The same links as the award's page the site serves, and they lead
    // to the model.
    let path = served_path(&doc, port);
    let page = get(port, &path);
    assert_eq!(page.code, 200, "{path}");
    assert_eq!(shown, named(&scraper::Html::parse_document(&page.body)));
    let model = get(port, &shown[0]);
    assert_eq!(model.code, 200, "{}", shown[0]);
    let doc = scraper::Html::parse_document(&model.body);
    assert_eq!(texts(&doc, "h1"), ["Tổ dân vận số 3"]);
}

#[test]
fn an_award_naming_no_model_is_not_saved_and_the_form_says_which_it_meant() {
    let t = with_award();
    let server = Server::start_within(t.path(), WAIT);
    let port = server.port;
    let before = disk(&t, AWARD);
    let mut f = form_of(port, AWARD);
    set(&mut f, "f:models", "to-dan-van-so-33");
    let a = post(port, "/_sua/luu", &f);
    assert_eq!(a.code, 422, "{}", a.body);
    assert_eq!(disk(&t, AWARD), before);
    let doc = scraper::Html::parse_document(&a.body);
    // Beside the field, naming what was written and the model meant.
    let said = texts(&doc, "#e-models p").join(" ");
    assert!(said.contains("to-dan-van-so-33"), "{said}\n{}", a.body);
    assert!(said.contains("`to-dan-van-so-3`"), "{said}");
    assert_eq!(attrs(&doc, "#i-models", "aria-invalid"), ["true"]);
    // What was typed is still there.
    assert_eq!(texts(&doc, "#i-models"), ["to-dan-van-so-33"]);
    // Written right, it saves, and the award's page links the model.
    set(&mut f, "f:models", "to-dan-van-so-3");
    set(&mut f, "f:title", "Khen thưởng tổ dân vận số 3");
    let a = post(port, "/_sua/luu", &f);
    assert!(a.code == 303 || a.code == 200, "{} {}", a.code, a.body);
    assert!(disk(&t, AWARD).contains("Khen thưởng tổ dân vận số 3"));
}
