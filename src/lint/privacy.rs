//! The privacy lint of SPEC §7: Vietnamese phone numbers, e-mail addresses
//! and ID card numbers (CMND 9 digits, CCCD 12 digits) in text that will be
//! published. Works on one line at a time and knows nothing of files; the
//! caller decides which lines are public (everything but `private:` and
//! YAML comments).
//!
//! Heuristics, tuned against what entries really contain: URLs are skipped
//! (article ids in them are long numbers), and amounts written with dots
//! (`350.000.000 đồng`) are not numbers of anything.

/// What a finding looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Phone,
    Email,
    IdNumber,
}

/// One suspicious piece of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    /// 1-based char column.
    pub col: usize,
    /// Length in chars.
    pub len: usize,
    pub text: String,
}

/// Byte ranges of URLs in `line`, which are never reported.
fn url_ranges(line: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    for prefix in ["http://", "https://", "www."] {
        let mut from = 0;
        while let Some(i) = line[from..].find(prefix) {
            let start = from + i;
            let end = line[start..]
                .find(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '>' | '"' | '\''))
                .map_or(line.len(), |e| start + e);
            out.push(start..end);
            from = end.max(start + prefix.len());
        }
    }
    out
}

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

fn emails(line: &str, skip: &[std::ops::Range<usize>], out: &mut Vec<(usize, usize, Kind)>) {
    for (at, _) in line.match_indices('@') {
        if skip.iter().any(|r| r.contains(&at)) {
            continue;
        }
        let start = line[..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_local_char(c))
            .last()
            .map_or(at, |(i, _)| i);
        let local = line[start..at].trim_start_matches('.');
        let start = at - local.len();
        let after = &line[at + 1..];
        let dlen = after
            .char_indices()
            .take_while(|&(_, c)| is_domain_char(c))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
        let domain = after[..dlen].trim_end_matches(['.', '-']);
        let tld_ok = domain.rsplit_once('.').is_some_and(|(host, tld)| {
            !host.is_empty() && tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())
        });
        if !local.is_empty() && tld_ok {
            out.push((start, at + 1 + domain.len(), Kind::Email));
        }
    }
}

/// `1.250.000`-style amounts: dots between groups of three, no leading 0.
fn looks_like_amount(run: &str) -> bool {
    let groups: Vec<&str> = run.split('.').collect();
    groups.len() >= 2
        && !run.contains([' ', '-'])
        && (1..=3).contains(&groups[0].len())
        && !groups[0].starts_with('0')
        && groups[1..].iter().all(|g| g.len() == 3)
}

fn classify(run: &str) -> Option<Kind> {
    let digits: String = run.chars().filter(char::is_ascii_digit).collect();
    let plus = run.starts_with('+');
    if looks_like_amount(run) {
        return None;
    }
    let national = if plus {
        format!("0{}", digits.strip_prefix("84")?)
    } else if digits.starts_with("84") && matches!(digits.len(), 11 | 12) {
        format!("0{}", &digits[2..])
    } else {
        digits.clone()
    };
    let b = national.as_bytes();
    let mobile = b.len() == 10 && b[0] == b'0' && matches!(b[1], b'3' | b'5' | b'7' | b'8' | b'9');
    let landline = b.len() == 11 && b[0] == b'0' && b[1] == b'2';
    if mobile || landline {
        return Some(Kind::Phone);
    }
    // ID numbers are written in one piece; grouped digits are something else.
    if !plus && run.len() == digits.len() && matches!(digits.len(), 9 | 12) {
        return Some(Kind::IdNumber);
    }
    None
}

/// Runs of digits with single spaces, dots or dashes inside, maybe after a `+`.
fn numbers(line: &str, skip: &[std::ops::Range<usize>], out: &mut Vec<(usize, usize, Kind)>) {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !line.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let starts =
            b[i].is_ascii_digit() || (b[i] == b'+' && b.get(i + 1).is_some_and(u8::is_ascii_digit));
        if !starts {
            i += 1;
            continue;
        }
        let glued = i > 0 && {
            let prev = line[..i].chars().next_back().unwrap_or(' ');
            prev.is_alphanumeric()
                || prev == '_'
                || (matches!(prev, '.' | ',') && i > 1 && b[i - 2].is_ascii_digit())
        };
        if glued {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        // Digits, and single separators between digits.
        while i < b.len()
            && (b[i].is_ascii_digit()
                || (matches!(b[i], b' ' | b'.' | b'-')
                    && b.get(i + 1).is_some_and(u8::is_ascii_digit)
                    && b[i - 1].is_ascii_digit()))
        {
            i += 1;
        }
        let end = i;
        // Skip the rest of a token glued to letters (`A123456789B`).
        if line[end..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic())
        {
            continue;
        }
        if skip.iter().any(|r| r.contains(&start)) {
            continue;
        }
        if let Some(kind) = classify(&line[start..end]) {
            out.push((start, end, kind));
        }
    }
}

/// Whether `line` has an `@` or at least nine ASCII digits: every
/// e-mail address has the one, every phone or ID number the other.
fn could_hold_finding(line: &str) -> bool {
    let mut digits = 0;
    for &c in line.as_bytes() {
        if c == b'@' {
            return true;
        }
        digits += usize::from(c.is_ascii_digit());
    }
    digits >= MIN_DIGITS
}

/// The fewest digits of anything [`classify`] reports (a CMND's nine;
/// phones have ten or eleven once written nationally).
const MIN_DIGITS: usize = 9;

/// Everything in `line` that looks like a phone number, an e-mail address
/// or an ID number, left to right.
pub fn scan_line(line: &str) -> Vec<Finding> {
    // Most lines of a story hold neither an `@` nor the nine digits the
    // shortest finding (a CMND) needs; they are passed over in one pass
    // over the bytes, before any search for URLs.
    if !could_hold_finding(line) {
        return Vec::new();
    }
    scan_all(line)
}

fn scan_all(line: &str) -> Vec<Finding> {
    let skip = url_ranges(line);
    let mut found = Vec::new();
    emails(line, &skip, &mut found);
    let email_spans: Vec<std::ops::Range<usize>> = found.iter().map(|&(s, e, _)| s..e).collect();
    let mut nums = Vec::new();
    numbers(line, &skip, &mut nums);
    found.extend(
        nums.into_iter()
            .filter(|(s, _, _)| !email_spans.iter().any(|r| r.contains(s))),
    );
    found.sort();
    found
        .into_iter()
        .map(|(s, e, kind)| Finding {
            kind,
            col: line[..s].chars().count() + 1,
            len: line[s..e].chars().count(),
            text: line[s..e].to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_passed_over_hold_no_finding() {
        // Lines near the pre-check's edge: eight digits, nine, an `@`,
        // numbers spread over a line, amounts, Vietnamese letters.
        let mut lines = vec![
            "Mã 12345678 và 1".to_string(),
            "CMND 123456789".to_string(),
            "12 34 56 78 9".to_string(),
            "a@b.vn".to_string(),
            "+84 912 345 67".to_string(),
            "Đóng góp 350.000.000 đồng, 1.200 ngày công".to_string(),
        ];
        // Every cut of a line with findings, so each count of digits and
        // each place of the `@` is tried.
        let full = "Ông Nguyễn Văn A, ĐT 0912.345.678, thư a.b@xa.gov.vn, CCCD 001234567890";
        for (i, _) in full.char_indices() {
            lines.push(full[..i].to_string());
            lines.push(full[i..].to_string());
        }
        let mut passed = 0;
        for line in &lines {
            if !could_hold_finding(line) {
                passed += 1;
                assert_eq!(scan_all(line), [], "{line}");
            } else {
                assert_eq!(scan_line(line), scan_all(line), "{line}");
            }
        }
        assert!(passed > 10, "the test must try lines the pre-check skips");
    }

    // Every number below is made up for the test.
    fn kinds(line: &str) -> Vec<(Kind, String)> {
        scan_line(line)
            .into_iter()
            .map(|f| (f.kind, f.text))
            .collect()
    }

    #[test]
    fn mobile_numbers_in_every_usual_spelling() {
        for s in [
            "0912345678",
            "0912 345 678",
            "0912.345.678",
            "0912-345-678",
            "+84 912 345 678",
            "+84912345678",
            "84912345678",
            "0387 654 321",
            "0567.111.222",
            "0706 123 456",
            "0868-000-111",
        ] {
            let line = format!("Liên hệ: {s}.");
            assert_eq!(kinds(&line), [(Kind::Phone, s.to_string())], "{line}");
        }
    }

    #[test]
    fn landlines_have_eleven_digits() {
        assert_eq!(
            kinds("ĐT (cơ quan) 0243 825 1111"),
            [(Kind::Phone, "0243 825 1111".to_string())]
        );
        assert_eq!(
            kinds("gọi 02838 123 456"),
            [(Kind::Phone, "02838 123 456".to_string())]
        );
    }

    #[test]
    fn email_addresses() {
        let f = scan_line("Gửi thư về bandanvan.phuong@example.gov.vn nhé");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Kind::Email);
        assert_eq!(f[0].text, "bandanvan.phuong@example.gov.vn");
        assert_eq!(f[0].col, 12);
    }

    #[test]
    fn id_numbers_of_nine_and_twelve_digits() {
        assert_eq!(
            kinds("CMND số 123456789"),
            [(Kind::IdNumber, "123456789".to_string())]
        );
        assert_eq!(
            kinds("CCCD 079123456789"),
            [(Kind::IdNumber, "079123456789".to_string())]
        );
    }

    #[test]
    fn amounts_years_urls_and_codes_are_not_reported() {
        for s in [
            "Hỗ trợ 350.000.000 đồng và 120.000.000.000 đồng",
            "giai đoạn 2009-2019, năm 2023, ngày 13.10.2022",
            "https://baochinhphu.vn/dan-van-kheo-102220930123.htm",
            "[bài báo](https://example.vn/tin/0912345678)",
            "310 chậu hoa, 2 km, 93 tập thể, 1.250 hộ",
            "Kế hoạch số 239-KH/TU",
            "mã A123456789B",
            "Quyết định 1234/QĐ-UBND",
        ] {
            assert_eq!(kinds(s), [], "{s}");
        }
    }

    #[test]
    fn columns_count_chars() {
        let f = scan_line("Ông Đặng: 0912345678");
        assert_eq!((f[0].col, f[0].len), (11, 10));
    }
}
