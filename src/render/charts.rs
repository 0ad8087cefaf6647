//! Statistics drawn at build time as inline SVG (no chart library at run
//! time). Each chart has a `<title>` and `<desc>`, text labels, and comes
//! with the same numbers as a table, so it reads without sight and without
//! CSS. Counts come straight from the site's indexes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::feed::xml_escape;
use crate::content::enums::{AwardLevel, Choice, RecipientKind};
use crate::site::Site;

/// Colours for fields and series, each at least 4.5:1 against white.
const PALETTE: &[&str] = &[
    "#1d5c99", "#a8401a", "#2b6e2f", "#6a3d9a", "#8a5a00", "#0f6b6b", "#9c2758", "#4a4a4a",
];

#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The SVG markup, already escaped where it holds text.
    pub svg: String,
    pub table: TableView,
}

/// UI words the charts need, in the site's language.
pub struct Words<'a> {
    pub models: &'a str,
    pub awards: &'a str,
    pub year: &'a str,
    pub field: &'a str,
    pub province: &'a str,
    pub level: &'a str,
    pub recipient_kind: &'a str,
    pub count: &'a str,
    pub total: &'a str,
}

fn open_svg(out: &mut String, id: &str, w: u32, h: u32, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" font-family=\"system-ui, sans-serif\" font-size=\"13\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        xml_escape(title),
        xml_escape(desc)
    );
}

/// A horizontal bar chart of (label, value). About 400 units wide, so that
/// it shows at its natural size beside its table and shrinks to a phone's
/// width with its text still readable (about 10px at 360px).
pub fn bars(id: &str, title: &str, desc: &str, data: &[(String, usize)]) -> String {
    let (label_w, bar_w, row_h) = (200u32, 160u32, 26u32);
    let h = row_h * data.len().max(1) as u32 + 8;
    let max = data.iter().map(|d| d.1).max().unwrap_or(0).max(1);
    let mut s = String::new();
    open_svg(&mut s, id, label_w + bar_w + 48, h, title, desc);
    for (i, (label, value)) in data.iter().enumerate() {
        let y = 4 + i as u32 * row_h;
        let w = ((*value as f64 / max as f64) * bar_w as f64).round() as u32;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#1a1a1a\">{}</text><rect x=\"{label_w}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" fill=\"#1a1a1a\">{value}</text>",
            label_w - 8,
            y + 17,
            xml_escape(label),
            y + 4,
            w.max(1),
            row_h - 8,
            PALETTE[0],
            label_w + w.max(1) + 6,
            y + 17,
        );
    }
    s.push_str("</svg>");
    s
}

/// Vertical bars per year, each stacked by series (fields).
pub fn stacked_years(
    id: &str,
    title: &str,
    desc: &str,
    years: &[i32],
    series: &[String],
    counts: &BTreeMap<(i32, usize), usize>,
) -> String {
    // As narrow as the bar charts; the legend is one column.
    let (w, plot_h, left, top) = (408u32, 200u32, 40u32, 12u32);
    let legend_rows = series.len() as u32;
    let h = top + plot_h + 26 + legend_rows * 20 + 6;
    let totals: Vec<usize> = years
        .iter()
        .map(|&y| {
            (0..series.len())
                .map(|f| counts.get(&(y, f)).copied().unwrap_or(0))
                .sum()
        })
        .collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    let band = (w - left - 8) as f64 / years.len().max(1) as f64;
    let mut s = String::new();
    open_svg(&mut s, id, w, h, title, desc);
    let base = top + plot_h;
    let _ = write!(
        s,
        "<line x1=\"{left}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#555\"/>",
        w - 8
    );
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#1a1a1a\">{max}</text>",
        left - 6,
        top + 10
    );
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{base}\" text-anchor=\"end\" fill=\"#1a1a1a\">0</text>",
        left - 6
    );
    for (i, &y) in years.iter().enumerate() {
        let x = left as f64 + i as f64 * band + band * 0.15;
        let bw = band * 0.7;
        let mut acc = 0usize;
        for f in 0..series.len() {
            let c = counts.get(&(y, f)).copied().unwrap_or(0);
            if c == 0 {
                continue;
            }
            let y0 = base as f64 - (acc + c) as f64 / max as f64 * plot_h as f64;
            let hgt = c as f64 / max as f64 * plot_h as f64;
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{y0:.1}\" width=\"{bw:.1}\" height=\"{hgt:.1}\" fill=\"{}\"><title>{y} – {}: {c}</title></rect>",
                PALETTE[f % PALETTE.len()],
                xml_escape(&series[f])
            );
            acc += c;
        }
        let label = if years.len() > 10 {
            format!("'{:02}", y.rem_euclid(100))
        } else {
            y.to_string()
        };
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#1a1a1a\" font-size=\"12\">{label}</text>",
            x + bw / 2.0,
            base + 16
        );
    }
    for (f, name) in series.iter().enumerate() {
        let (lx, ly) = (left, base + 30 + f as u32 * 20);
        let _ = write!(
            s,
            "<rect x=\"{lx}\" y=\"{ly}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" fill=\"#1a1a1a\">{}</text>",
            PALETTE[f % PALETTE.len()],
            lx + 18,
            ly + 11,
            xml_escape(name)
        );
    }
    s.push_str("</svg>");
    s
}

fn table(headers: &[&str], rows: Vec<Vec<String>>) -> TableView {
    TableView {
        headers: headers.iter().map(|h| h.to_string()).collect(),
        rows,
    }
}

/// Every chart of the statistics page; `prefix` keeps ids unique when the
/// home page shows some of them too.
pub fn all(site: &Site, w: &Words, prefix: &str) -> Vec<ChartView> {
    let fields: Vec<String> = site.config.fields.iter().map(|f| f.name.clone()).collect();
    let mut charts = Vec::new();

    let by_field: Vec<(String, usize)> = fields
        .iter()
        .cloned()
        .zip(site.field_models.iter().map(Vec::len))
        .collect();
    let title = format!("{} – {}", w.models, w.field);
    let desc = by_field
        .iter()
        .map(|(n, c)| format!("{n}: {c}"))
        .collect::<Vec<_>>()
        .join("; ");
    charts.push(ChartView {
        id: format!("{prefix}linh-vuc"),
        svg: bars(&format!("{prefix}linh-vuc"), &title, &desc, &by_field),
        table: table(
            &[w.field, w.count],
            by_field
                .iter()
                .map(|(n, c)| vec![n.clone(), c.to_string()])
                .collect(),
        ),
        title,
        description: desc,
    });

    let years: Vec<i32> = site.year_models.keys().copied().collect();
    let mut counts: BTreeMap<(i32, usize), usize> = BTreeMap::new();
    for m in &site.models {
        *counts.entry((m.year, m.field)).or_insert(0) += 1;
    }
    let title = format!("{} – {}", w.models, w.year);
    let desc = years
        .iter()
        .map(|y| format!("{y}: {}", site.year_models.get(y).map_or(0, Vec::len)))
        .collect::<Vec<_>>()
        .join("; ");
    let mut headers = vec![w.year];
    headers.extend(fields.iter().map(String::as_str));
    headers.push(w.total);
    let rows = years
        .iter()
        .map(|&y| {
            let mut row = vec![y.to_string()];
            row.extend(
                (0..fields.len()).map(|f| counts.get(&(y, f)).copied().unwrap_or(0).to_string()),
            );
            row.push(site.year_models.get(&y).map_or(0, Vec::len).to_string());
            row
        })
        .collect();
    charts.push(ChartView {
        id: format!("{prefix}nam"),
        svg: stacked_years(
            &format!("{prefix}nam"),
            &title,
            &desc,
            &years,
            &fields,
            &counts,
        ),
        table: table(&headers, rows),
        title,
        description: desc,
    });

    let mut provinces: Vec<(String, usize)> = site
        .tree
        .roots
        .iter()
        .map(|&n| (site.tree.nodes[n].name.clone(), site.node_models[n].len()))
        .collect();
    // Most models first; ties keep the Vietnamese order of the tree.
    provinces.sort_by_key(|p| std::cmp::Reverse(p.1));
    provinces.truncate(10);
    let title = format!("{} – {}", w.models, w.province);
    let desc = provinces
        .iter()
        .map(|(n, c)| format!("{n}: {c}"))
        .collect::<Vec<_>>()
        .join("; ");
    charts.push(ChartView {
        id: format!("{prefix}tinh"),
        svg: bars(&format!("{prefix}tinh"), &title, &desc, &provinces),
        table: table(
            &[w.province, w.count],
            provinces
                .iter()
                .map(|(n, c)| vec![n.clone(), c.to_string()])
                .collect(),
        ),
        title,
        description: desc,
    });

    let by_level: Vec<(String, usize)> = AwardLevel::ALL
        .iter()
        .map(|l| {
            (
                l.name().to_string(),
                site.awards.iter().filter(|a| a.level == *l).count(),
            )
        })
        .collect();
    let title = format!("{} – {}", w.awards, w.level);
    let desc = by_level
        .iter()
        .map(|(n, c)| format!("{n}: {c}"))
        .collect::<Vec<_>>()
        .join("; ");
    charts.push(ChartView {
        id: format!("{prefix}cap"),
        svg: bars(&format!("{prefix}cap"), &title, &desc, &by_level),
        table: table(
            &[w.level, w.count],
            by_level
                .iter()
                .map(|(n, c)| vec![n.clone(), c.to_string()])
                .collect(),
        ),
        title,
        description: desc,
    });

    // Recipients: named ones plus counted totals, by kind.
    let by_kind: Vec<(String, usize)> = RecipientKind::ALL
        .iter()
        .map(|k| {
            let named = site
                .awards
                .iter()
                .flat_map(|a| &a.recipients)
                .filter(|r| r.kind == Some(*k))
                .count();
            let counted: u64 = site
                .awards
                .iter()
                .flat_map(|a| &a.totals)
                .filter(|(kk, _)| kk == k)
                .map(|(_, n)| *n)
                .sum();
            (k.name().to_string(), named + counted as usize)
        })
        .collect();
    let title = format!("{} – {}", w.awards, w.recipient_kind);
    let desc = by_kind
        .iter()
        .map(|(n, c)| format!("{n}: {c}"))
        .collect::<Vec<_>>()
        .join("; ");
    charts.push(ChartView {
        id: format!("{prefix}doi-tuong"),
        svg: bars(&format!("{prefix}doi-tuong"), &title, &desc, &by_kind),
        table: table(
            &[w.recipient_kind, w.count],
            by_kind
                .iter()
                .map(|(n, c)| vec![n.clone(), c.to_string()])
                .collect(),
        ),
        title,
        description: desc,
    });
    charts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_escape_labels_and_scale_to_the_maximum() {
        let svg = bars(
            "x",
            "T <1>",
            "D & d",
            &[("A & B".into(), 10), ("C".into(), 5)],
        );
        assert!(svg.contains("<title id=\"x-t\">T &lt;1&gt;</title>"));
        assert!(svg.contains("A &amp; B"));
        // The longest bar takes the whole bar width, the other half of it.
        assert!(
            svg.contains("<rect x=\"200\" y=\"8\" width=\"160\""),
            "{svg}"
        );
        assert!(
            svg.contains("<rect x=\"200\" y=\"34\" width=\"80\""),
            "{svg}"
        );
    }
}
