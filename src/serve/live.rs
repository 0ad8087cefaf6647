//! Live reload: the state every connection reads (the last good pages, the
//! current problems) and the server-sent-event clients told about changes.
//!
//! Events on `/__kheo/reload`: `hello` (on connect: the build's id, so a
//! page reconnecting to a newer build reloads), `reload` (a rebuild
//! succeeded) and `problems` (a rebuild failed: the diagnostics as plain
//! text, shown by the script as an overlay). The script is served at
//! `/__kheo/live.js` and injected into HTML responses only by the server.

use std::sync::{Arc, Mutex, MutexGuard, Weak};

use tokio::sync::mpsc::{UnboundedReceiver as Receiver, UnboundedSender as Sender};

use super::memory::{Body, Files};

/// The path of the event stream.
pub const EVENTS: &str = "/__kheo/reload";
/// The path of the script.
pub const SCRIPT_PATH: &str = "/__kheo/live.js";

/// What the browser runs: reload on `reload`, an overlay on `problems`.
pub const SCRIPT: &str = r#"(function () {
  "use strict";
  var seen = null, box = null;
  function show(text) {
    if (!document.body) return;
    if (!box) {
      box = document.createElement("div");
      box.id = "kheo-problems";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;top:0;max-height:75vh;overflow:auto;z-index:2147483647;margin:0;padding:12px 16px;background:#fff5f5;color:#5a0000;border-bottom:4px solid #c00;box-shadow:0 4px 18px rgba(0,0,0,.3);font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;text-align:left";
      var close = document.createElement("button");
      close.textContent = "×";
      close.setAttribute("aria-label", (document.documentElement.lang || "").slice(0, 2) === "en" ? "Close" : "Đóng");
      close.style.cssText = "float:right;font:20px/1 sans-serif;border:0;background:none;color:inherit;cursor:pointer";
      close.onclick = function () { box.style.display = "none"; };
      var pre = document.createElement("div");
      pre.className = "kheo-problems-text";
      box.appendChild(close);
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    box.style.display = "block";
    box.querySelector(".kheo-problems-text").textContent = text;
  }
  var es = new EventSource("/__kheo/reload?page=" + encodeURIComponent(location.pathname));
  es.addEventListener("hello", function (e) {
    if (seen !== null && seen !== e.data) location.reload();
    seen = e.data;
  });
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("problems", function (e) { show(e.data); });
})();
"#;

/// One server-sent event, already formatted.
pub type Event = Arc<str>;

/// Formats an event; multi-line data becomes several `data:` lines.
pub fn event(name: &str, data: &str) -> Event {
    let mut s = format!("event: {name}\n");
    for line in data.split('\n') {
        s.push_str("data: ");
        s.push_str(line.trim_end_matches('\r'));
        s.push('\n');
    }
    s.push('\n');
    Arc::from(s)
}

struct Shared {
    served: Served,
    /// Counts good builds.
    generation: u64,
    /// The problems of the last build, if it failed.
    problems: Option<String>,
    /// Warnings of the last good build shown to every page that connects
    /// ([`State::note`]).
    notes: Option<String>,
    clients: Vec<Client>,
    /// The entries of the last good build, for the editor's list.
    entries: Arc<Vec<super::editor::Entry>>,
    /// Counts changes of the files the editor's checker reads.
    settings: u64,
    /// The site of the last good build, for the editor's checks. Weak: a
    /// rebuild that changes the site in place must not copy it
    /// (`Arc::make_mut`), and while it does, there is none.
    site: Weak<crate::site::Site>,
}

/// A page connected to the event stream.
struct Client {
    tx: Sender<Event>,
    /// The file of the site it shows (`mo-hinh/x/index.html`), when it said.
    page: Option<String>,
}

/// Which connected pages a [`State::publish_reloading`] reloads.
#[derive(Debug, Clone, Copy)]
pub enum Reload<'a> {
    All,
    /// Every page but those showing these files (they come later) and
    /// those that did not say which they show.
    AllBut(&'a std::collections::HashSet<String>),
    /// The pages showing these files, and those that did not say.
    Only(&'a std::collections::HashSet<String>),
}

impl Reload<'_> {
    fn wants(&self, page: Option<&str>) -> bool {
        match (self, page) {
            (Reload::All, _) => true,
            (Reload::AllBut(later), Some(p)) => !later.contains(p),
            (Reload::AllBut(_), None) => false,
            (Reload::Only(these), Some(p)) => these.contains(p),
            (Reload::Only(_), None) => true,
        }
    }
}

/// What the server serves: the files of the last good build, and the
/// search index built for a build in the background. Both are shared,
/// not copied, with whoever made them.
#[derive(Clone, Default)]
pub struct Served {
    pub pages: Arc<Files>,
    pub index: Arc<Files>,
}

impl Served {
    pub fn get(&self, path: &str) -> Option<&Body> {
        self.pages.get(path).or_else(|| self.index.get(path))
    }
}

/// What the server and the rebuilder share.
pub struct State {
    shared: Mutex<Shared>,
    /// Tells this server apart from an earlier one on the same port.
    session: u64,
}

impl State {
    pub fn new() -> State {
        let session = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64)
            ^ u64::from(std::process::id());
        State {
            shared: Mutex::new(Shared {
                served: Served::default(),
                generation: 0,
                problems: None,
                notes: None,
                clients: Vec::new(),
                entries: Arc::default(),
                settings: 0,
                site: Weak::new(),
            }),
            session,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The last good pages and search index.
    pub fn files(&self) -> Served {
        self.lock().served.clone()
    }

    /// The problems of the last build, if it failed.
    pub fn problems(&self) -> Option<String> {
        self.lock().problems.clone()
    }

    /// Whether any build has succeeded yet.
    pub fn has_pages(&self) -> bool {
        self.lock().generation > 0
    }

    /// A good build: serve it and reload every page. The search index
    /// of the last build stays served until [`State::publish_index`]
    /// brings the new one (a moment of slightly stale results, never a 404).
    pub fn publish(&self, files: Arc<Files>) {
        self.publish_reloading(files, Reload::All);
    }

    /// A good build, reloading only the pages `reload` names (an edit's
    /// pages open in a browser come before the others, see
    /// `Renderer::edit_pages`).
    pub fn publish_reloading(&self, files: Arc<Files>, reload: Reload<'_>) {
        let mut s = self.lock();
        s.served.pages = files;
        s.generation += 1;
        s.problems = None;
        let e = event("reload", &s.generation.to_string());
        s.clients
            .retain(|c| !reload.wants(c.page.as_deref()) || c.tx.send(Arc::clone(&e)).is_ok());
    }

    /// The files of the site the connected pages show.
    pub fn shown(&self) -> std::collections::HashSet<String> {
        self.lock()
            .clients
            .iter()
            .filter_map(|c| c.page.clone())
            .collect()
    }

    /// The same pages with files that no page's reload waits for (the
    /// open data after an edit, see `serve::edit_update`): served from now
    /// on, without reloading any page.
    pub fn publish_quietly(&self, files: Arc<Files>) {
        self.lock().served.pages = files;
    }

    /// A search index built in the background: replaces the whole previous
    /// index (its files belong together) without reloading any page.
    pub fn publish_index(&self, index: Files) {
        self.lock().served.index = Arc::new(index);
    }

    /// Warnings of a good build the editor should see (its photos'): the
    /// pages it reloads show them on connecting, as the overlay, until a
    /// build has none.
    pub fn note(&self, notes: Option<String>) {
        self.lock().notes = notes;
    }

    /// A failed build: keep the pages, show the problems.
    pub fn fail(&self, problems: String) {
        let mut s = self.lock();
        let e = event("problems", &problems);
        s.problems = Some(problems);
        s.clients.retain(|c| c.tx.send(Arc::clone(&e)).is_ok());
    }

    /// A new event-stream client: the events to send first, and the stream
    /// of later ones. Registered under the lock, so no change is missed.
    /// `page`: the file of the site it shows, when it said.
    pub fn subscribe(&self, page: Option<String>) -> (Vec<Event>, Receiver<Event>) {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let mut s = self.lock();
        let mut first = vec![event(
            "hello",
            &format!("{}-{}", self.session, s.generation),
        )];
        if let Some(p) = s.problems.as_ref().or(s.notes.as_ref()) {
            first.push(event("problems", p));
        }
        s.clients.push(Client { tx, page });
        (first, rx)
    }

    /// The entries of the last good build.
    pub fn entries(&self) -> Arc<Vec<super::editor::Entry>> {
        Arc::clone(&self.lock().entries)
    }

    /// Entries of a new build, for the editor's list.
    pub fn set_entries(&self, entries: Vec<super::editor::Entry>) {
        self.lock().entries = Arc::new(entries);
    }

    /// The site of the last good build, unless a rebuild is changing it.
    /// Hold it only for a check: a rebuild meanwhile would copy it.
    pub fn site(&self) -> Option<Arc<crate::site::Site>> {
        self.lock().site.upgrade()
    }

    /// The site of a new good build.
    pub fn set_site(&self, site: &Arc<crate::site::Site>) {
        self.lock().site = Arc::downgrade(site);
    }

    /// Which version of `site.yaml`, the `_defaults.yaml` files and
    /// `content/localities.yaml` the editor's checker must read.
    pub fn settings(&self) -> u64 {
        self.lock().settings
    }

    /// One of those files changed.
    pub fn settings_changed(&self) {
        self.lock().settings += 1;
    }

    /// How many pages are connected (for tests and --verbose).
    pub fn clients(&self) -> usize {
        self.lock().clients.len()
    }
}

impl Default for State {
    fn default() -> Self {
        State::new()
    }
}

/// Puts the live-reload script into an HTML page, before `</body>`.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>");
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_lines_into_data_fields() {
        assert_eq!(
            &*event("problems", "a\nb"),
            "event: problems\ndata: a\ndata: b\n\n"
        );
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        let out = inject(b"<html><body><p>x</p></BODY></html>");
        let s = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            s,
            "<html><body><p>x</p><script src=\"/__kheo/live.js\"></script></BODY></html>"
        );
        assert!(
            String::from_utf8(inject(b"<p>x"))
                .expect("utf-8")
                .ends_with("</script>")
        );
    }

    #[test]
    fn each_page_reloads_once_when_its_page_is_current() {
        let st = State::new();
        let (_, mut shown) = st.subscribe(Some("mo-hinh/a/index.html".into()));
        let (_, mut later) = st.subscribe(Some("linh-vuc/kinh-te/trang/9/index.html".into()));
        let (_, mut silent) = st.subscribe(None);
        assert_eq!(st.shown().len(), 2);
        let rest: std::collections::HashSet<String> =
            ["linh-vuc/kinh-te/trang/9/index.html".to_string()].into();
        st.publish_reloading(Arc::new(Files::default()), Reload::AllBut(&rest));
        let got = |rx: &mut Receiver<Event>| {
            std::iter::from_fn(|| rx.try_recv().ok())
                .filter(|e| e.starts_with("event: reload"))
                .count()
        };
        assert_eq!(
            (got(&mut shown), got(&mut later), got(&mut silent)),
            (1, 0, 0)
        );
        st.publish_reloading(Arc::new(Files::default()), Reload::Only(&rest));
        assert_eq!(
            (got(&mut shown), got(&mut later), got(&mut silent)),
            (0, 1, 1)
        );
    }

    #[test]
    fn pages_connecting_after_a_good_build_get_its_notes() {
        let s = State::new();
        s.publish(Arc::new(Files::default()));
        s.note(Some("photo warnings".into()));
        let (first, _rx) = s.subscribe(None);
        assert_eq!(first.len(), 2, "{first:?}");
        assert_eq!(&*first[1], "event: problems\ndata: photo warnings\n\n");
        s.note(None);
        let (first, _rx) = s.subscribe(None);
        assert_eq!(first.len(), 1, "{first:?}");
    }

    #[test]
    fn subscribers_get_hello_then_changes() {
        let st = State::new();
        let (first, mut rx) = st.subscribe(None);
        assert!(first[0].starts_with("event: hello\n"));
        st.fail("lỗi".into());
        assert!(rx.try_recv().expect("event").contains("data: lỗi"));
        st.publish(Arc::new(Files::default()));
        assert!(rx.try_recv().expect("event").starts_with("event: reload\n"));
        let (first, _rx) = st.subscribe(None);
        assert_eq!(first.len(), 1, "no problems after a good build");
    }
}
