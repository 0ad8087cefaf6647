//! Splitting a listing into pages at `…/trang/<n>/`.

use super::cards::Urls;
use super::views::{PageLink, Paginator};

/// One page of a listing.
pub struct Pager<'a> {
    /// Site path of this page (`mo-hinh/` or `mo-hinh/trang/2/`).
    pub path: String,
    pub items: &'a [usize],
    pub paginator: Paginator,
}

pub fn page_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}trang/{n}/")
    }
}

/// Number of pages of `len` items, at least one (an empty listing still has a page).
pub fn page_count(len: usize, per_page: usize) -> usize {
    len.div_ceil(per_page.max(1)).max(1)
}

/// Page `n` (1-based) of `items` under site path `base`.
pub fn page<'a>(
    urls: &Urls,
    base: &str,
    items: &'a [usize],
    per_page: usize,
    n: usize,
) -> Pager<'a> {
    let per_page = per_page.max(1);
    let total_pages = page_count(items.len(), per_page);
    let start = ((n - 1) * per_page).min(items.len());
    let end = (start + per_page).min(items.len());
    // A window of page numbers around the current one keeps the nav short on
    // listings with thousands of pages.
    let lo = n.saturating_sub(3).max(1);
    let hi = (n + 3).min(total_pages);
    let mut numbers: Vec<usize> = (lo..=hi).collect();
    if lo > 1 {
        numbers.insert(0, 1);
    }
    if hi < total_pages {
        numbers.push(total_pages);
    }
    let pages = numbers
        .into_iter()
        .map(|k| PageLink {
            number: k,
            url: urls.url(&page_path(base, k)),
            current: k == n,
        })
        .collect();
    Pager {
        path: page_path(base, n),
        items: &items[start..end],
        paginator: Paginator {
            current: n,
            total_pages,
            total_items: items.len(),
            first_item: if end > start { start + 1 } else { 0 },
            last_item: end,
            prev_url: (n > 1).then(|| urls.url(&page_path(base, n - 1))),
            next_url: (n < total_pages).then(|| urls.url(&page_path(base, n + 1))),
            pages,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_links() {
        let urls = Urls {
            root: "/dvk/".into(),
            base: "https://e.org/dvk/".into(),
        };
        let items: Vec<usize> = (0..7).collect();
        assert_eq!(page_count(7, 3), 3);
        let p = page(&urls, "mo-hinh/", &items, 3, 1);
        assert_eq!(p.path, "mo-hinh/");
        assert_eq!(p.items, &[0, 1, 2]);
        assert_eq!(p.paginator.prev_url, None);
        assert_eq!(
            p.paginator.next_url.as_deref(),
            Some("/dvk/mo-hinh/trang/2/")
        );
        let p = page(&urls, "mo-hinh/", &items, 3, 3);
        assert_eq!(p.path, "mo-hinh/trang/3/");
        assert_eq!(p.items, &[6]);
        assert_eq!((p.paginator.first_item, p.paginator.last_item), (7, 7));
        assert_eq!(
            p.paginator.prev_url.as_deref(),
            Some("/dvk/mo-hinh/trang/2/")
        );
        assert_eq!(page_count(0, 3), 1);
    }
}
