//! `kheo serve` under many concurrent connections (issue 6): the real
//! binary holds every connection open at once and answers each of them,
//! several times over keep-alive, without one error, and listens on the
//! loopback address only unless told otherwise. No timing is asserted:
//! the numbers are measured by `benches/serve/load.py` (docs/reliability.md).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::common::*;

/// Concurrent connections. Below 1,024 so that neither the test nor the
/// server needs more than the usual default limit of open files.
const CONNECTIONS: usize = 500;
/// GET requests on each connection.
const ROUNDS: usize = 3;
const WAIT: Duration = Duration::from_secs(60);

fn start(dir: &std::path::Path) -> (Server, u16) {
    let server = Server::start_within(dir, WAIT);
    let port = server.port;
    (server, port)
}

/// Sends one keep-alive GET and reads the answer to its Content-Length:
/// (status, body length, whether the server keeps the connection).
fn get(reader: &mut BufReader<TcpStream>, path: &str) -> std::io::Result<(u16, usize, bool)> {
    let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n");
    reader.get_mut().write_all(req.as_bytes())?;
    let mut status = 0;
    let mut length = 0;
    let mut keep = false;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some(rest) = l.strip_prefix("HTTP/1.1 ") {
            status = rest[..3].parse().unwrap_or(0);
        } else if let Some((name, value)) = l.split_once(':') {
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().unwrap_or(0),
                "connection" => keep = value.trim().eq_ignore_ascii_case("keep-alive"),
                _ => {}
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok((status, length, keep))
}

/// The IPv4 and IPv6 addresses listening on `port`, as the kernel lists
/// them in /proc/net/tcp{,6} (hex; 127.0.0.1 is `0100007F`).
#[cfg(target_os = "linux")]
fn listening_addresses(port: u16) -> Vec<String> {
    let mut out = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let (Some(local), Some(state)) = (cols.get(1), cols.get(3)) else {
                continue;
            };
            let Some((addr, p)) = local.split_once(':') else {
                continue;
            };
            // State 0A is LISTEN.
            if *state == "0A" && u16::from_str_radix(p, 16).ok() == Some(port) {
                out.push(addr.to_string());
            }
        }
    }
    out
}

#[test]
fn serve_holds_hundreds_of_concurrent_keep_alive_connections_without_errors() {
    let mut t = SiteTest::new();
    for i in 0..20 {
        t = t.file(
            &format!("content/models/m{i}.md"),
            &model(&format!("Mô hình số {i}"), "Hà Nội", "kinh-te", 2021, ""),
        );
    }
    let (server, port) = start(t.path());
    #[cfg(target_os = "linux")]
    assert_eq!(
        listening_addresses(port),
        ["0100007F"],
        "kheo serve listens on 127.0.0.1 only by default"
    );
    let pages = [
        "/",
        "/mo-hinh/",
        "/mo-hinh/ha-noi/mo-hinh-so-3/",
        "/sitemap.xml",
    ];

    // Every connection is open before any request is sent, so the server
    // holds all of them at once.
    let conns: Vec<BufReader<TcpStream>> = (0..CONNECTIONS)
        .map(|i| {
            let s = TcpStream::connect(("127.0.0.1", port))
                .unwrap_or_else(|e| panic!("connection {i}: {e}"));
            s.set_read_timeout(Some(WAIT)).expect("timeout");
            BufReader::new(s)
        })
        .collect();

    // A few client threads share the connections; each connection asks
    // for pages in turn, one request at a time.
    let workers = 8;
    let mut shares: Vec<Vec<(usize, BufReader<TcpStream>)>> =
        (0..workers).map(|_| Vec::new()).collect();
    for (i, c) in conns.into_iter().enumerate() {
        shares[i % workers].push((i, c));
    }
    let handles: Vec<_> = shares
        .into_iter()
        .map(|mut share| {
            std::thread::spawn(move || {
                let mut errors = Vec::new();
                for round in 0..ROUNDS {
                    for (i, c) in share.iter_mut() {
                        let path = pages[(*i + round) % pages.len()];
                        match get(c, path) {
                            Ok((200, len, true)) if len > 0 => {}
                            other => errors.push(format!("connection {i}, {path}: {other:?}")),
                        }
                    }
                }
                errors
            })
        })
        .collect();
    let errors: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("client thread"))
        .collect();
    assert!(
        errors.is_empty(),
        "{} of {} requests failed, e.g. {:?}",
        errors.len(),
        CONNECTIONS * ROUNDS,
        &errors[..errors.len().min(5)]
    );

    // Still serving, and a client that does not ask for keep-alive is
    // answered and closed as before (it reads to the end of the stream).
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect after the load");
    s.set_read_timeout(Some(WAIT)).expect("timeout");
    s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("send");
    let mut raw = String::new();
    s.read_to_string(&mut raw).expect("read to the end");
    assert!(
        raw.starts_with("HTTP/1.1 200"),
        "{}",
        &raw[..raw.len().min(200)]
    );
    assert!(raw.contains("Connection: close"));
    drop(server);
}
