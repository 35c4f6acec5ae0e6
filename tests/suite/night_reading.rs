//! The EPUB read by day and by night, in a real rendering engine: headless Chromium lays out
//! every chapter of the guide and of the GFM fixture with the book's stylesheet, once with
//! `prefers-color-scheme: light` on a white page with black text and once with `dark` on a
//! #121212 page with light text (what reading systems' night modes set), and reports each
//! element's computed colour and the background it is drawn on. Every text colour must keep
//! 4.5:1 and every marker 3:1 in both (WCAG 2.1 AA, 1.4.3 and 1.4.11).

use crate::common::{run, tool_available, zip_entries};
use std::fs;
use std::process::Command;

/// The script that measures, in the page: one line per element, `class|ratio|colour|background`.
const MEASURE: &str = r#"
function lum(c){var m=c.match(/[\d.]+/g).map(Number).slice(0,3).map(function(v){v/=255;return v<=0.03928?v/12.92:Math.pow((v+0.055)/1.055,2.4)});return 0.2126*m[0]+0.7152*m[1]+0.0722*m[2]}
function bg(e){while(e){var b=getComputedStyle(e).backgroundColor;if(b&&!/rgba\(0, 0, 0, 0\)|transparent/.test(b))return b;e=e.parentElement}return "none"}
var out=["scheme-dark="+matchMedia('(prefers-color-scheme: dark)').matches];
document.querySelectorAll('#book *').forEach(function(e){if(!e.textContent.trim())return;var f=getComputedStyle(e).color,b=bg(e);var a=lum(f),c=lum(b);out.push((e.tagName+"."+e.className).trim()+"|"+((Math.max(a,c)+0.05)/(Math.min(a,c)+0.05)).toFixed(2)+"|"+f+"|"+b)});
document.getElementById('out').textContent=out.join("\n");
"#;

/// Lays the book's chapters out in Chromium under `scheme` (0 dark, 1 light) on a page of
/// `page` colours; returns the measured lines.
fn measure(dir: &std::path::Path, bodies: &str, scheme: u8, page: (&str, &str)) -> Vec<String> {
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"/>\
         <style>html {{ background-color: {}; color: {}; }}</style>\
         <link rel=\"stylesheet\" href=\"OEBPS/stylesheet.css\"/></head>\
         <body><div id=\"book\">{bodies}</div><pre id=\"out\"></pre><script>{MEASURE}</script></body></html>",
        page.0, page.1
    );
    let file = dir.join(format!("measure-{scheme}.html"));
    fs::write(&file, html).unwrap();
    let profile = dir.join(format!("profile-{scheme}"));
    let o = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            &format!("--user-data-dir={}", profile.display()),
            &format!("--blink-settings=preferredColorScheme={scheme}"),
            "--dump-dom",
            &format!("file://{}", file.display()),
        ])
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&o.stdout);
    let start = dom
        .find("<pre id=\"out\">")
        .expect("chromium laid the page out")
        + 14;
    let text = &dom[start..start + dom[start..].find("</pre>").unwrap()];
    text.lines().map(str::to_string).collect()
}

#[test]
fn every_colour_reads_by_day_and_by_night() {
    if !tool_available("chromium") {
        return;
    }
    for book in ["manuscript", "tests/fixtures/commonmark-gfm"] {
        let tmp = tempfile::tempdir().unwrap();
        let epub = tmp.path().join("book.epub");
        let r = run(&["epub", book, "-o", epub.to_str().unwrap()]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let mut bodies = String::new();
        for (name, bytes) in zip_entries(&fs::read(&epub).unwrap()) {
            let path = tmp.path().join(&name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, &bytes).unwrap();
            if name.starts_with("OEBPS/ch") && name.ends_with(".xhtml") {
                let x = String::from_utf8(bytes).unwrap();
                let from = x.find("<body").unwrap();
                let from = from + x[from..].find('>').unwrap() + 1;
                bodies.push_str(&x[from..x.rfind("</body>").unwrap()]);
            }
        }
        for (scheme, page, dark) in [
            (1, ("#ffffff", "#000000"), false),
            (0, ("#121212", "#e6e6e6"), true),
        ] {
            let lines = measure(tmp.path(), &bodies, scheme, page);
            assert_eq!(
                lines[0],
                format!("scheme-dark={dark}"),
                "{book}: the scheme was not emulated"
            );
            assert!(
                lines.len() > 50,
                "{book}: {} elements measured",
                lines.len()
            );
            for l in &lines[1..] {
                let f: Vec<&str> = l.split('|').collect();
                let ratio: f32 = f[1].parse().unwrap();
                let marker = f[0].contains("marker") || f[0].contains("saying-glyph");
                let needed = if marker { 3.0 } else { 4.5 };
                assert!(
                    ratio >= needed,
                    "{book}, {} page: {} is {ratio}:1 ({} on {}), under {needed}:1",
                    if dark { "night" } else { "day" },
                    f[0],
                    f[2],
                    f[3]
                );
            }
        }
    }
}
