//! Reading a spreadsheet for `kheo import`: every sheet of an `.xlsx`,
//! `.xls` or `.ods` file (calamine), or one `.csv` (UTF-8, `,` or `;`), as
//! rows of text cells with their spreadsheet row numbers. What the cells
//! mean is `import`'s business.

use std::path::Path;

use crate::l10n::Msg;

/// One sheet: its name and its cells as text, rows as in the file.
pub struct Sheet {
    pub name: String,
    /// Spreadsheet row number (1-based) of each row, and its cells.
    pub rows: Vec<(usize, Vec<String>)>,
}

/// "A", "B", …, "Z", "AA" for 0, 1, …
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A date from a spreadsheet's day number (days since 1899-12-30).
fn serial_date(days: f64) -> String {
    // Civil-from-days (H. Hinnant), from 1970-01-01.
    let z = days.floor() as i64 - 25569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn cell_text(c: &calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => serial_date(d.as_f64()),
    }
}

/// Reads every sheet of `path`.
pub fn read_sheets(path: &Path) -> Result<Vec<Sheet>, Msg> {
    let cannot = |detail: String| {
        Msg::new("import-unreadable")
            .path("file", path)
            .arg("detail", detail)
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if ext == "csv" {
        let bytes = std::fs::read(path).map_err(|e| cannot(e.to_string()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Msg::new("import-csv-not-utf8").path("file", path))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        // A spreadsheet set to Vietnamese separates with ';'.
        let first = text.lines().next().unwrap_or("");
        let delim = if first.matches(';').count() > first.matches(',').count() {
            b';'
        } else {
            b','
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delim)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for (i, rec) in reader.records().enumerate() {
            let rec = rec.map_err(|e| cannot(e.to_string()))?;
            rows.push((i + 1, rec.iter().map(str::to_string).collect()));
        }
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Ok(vec![Sheet { name, rows }]);
    }
    if !matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
        return Err(Msg::new("import-not-sheet").path("file", path));
    }
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).map_err(|e| cannot(e.to_string()))?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| cannot(format!("“{name}”: {e}")))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, r)| {
                let mut cells = vec![String::new(); c0 as usize];
                cells.extend(r.iter().map(cell_text));
                (r0 as usize + i + 1, cells)
            })
            .collect();
        out.push(Sheet { name, rows });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_dates() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(serial_date(44927.0), "2023-01-01");
        assert_eq!(serial_date(45474.0), "2024-07-01");
    }
}
