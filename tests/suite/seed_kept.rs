//! The bundled manuscript keeps every sentence of the seed text it was made from, word for word.
//! The seed's copy-paste slips (straight apostrophes inside curly quotes, list items that lost
//! their ✔ or •) are made consistent in the manuscript; this test normalises exactly those.

use std::fs;

/// Strips the Markdown syntax the manuscript adds around the seed's words.
fn manuscript_text() -> String {
    let mut out = String::new();
    let mut names: Vec<_> = fs::read_dir("manuscript")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    names.sort();
    for p in names {
        for line in fs::read_to_string(&p).unwrap().lines() {
            let mut l = line.trim();
            for prefix in ["# ", "- ", "> "] {
                l = l.strip_prefix(prefix).unwrap_or(l);
            }
            let l = l.trim_end_matches('\\').replace("**", "");
            let l = match l.find(" {#") {
                Some(i) => &l[..i],
                None => &l,
            };
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

fn normalise(s: &str) -> String {
    s.replace('\'', "’")
        .trim_start_matches(['✔', '❌', '•'])
        .trim()
        .to_string()
}

#[test]
fn every_seed_sentence_is_in_the_manuscript() {
    let seed = fs::read_to_string("tests/seed/repair-trust-guide.txt").unwrap();
    let ms = normalise(&manuscript_text());
    let toml = fs::read_to_string("manuscript/guide.toml").unwrap();
    let mut lines = seed.lines().map(str::trim).filter(|l| !l.is_empty());
    // The first line is the title and subtitle, which live in guide.toml.
    let (title, subtitle) = lines.next().unwrap().split_once(": ").unwrap();
    assert!(toml.contains(&format!("title = \"{title}\"")));
    assert!(toml.contains(&format!("subtitle = \"{subtitle}\"")));
    let mut checked = 0;
    let mut last = 0;
    for line in lines {
        // The seed ends with "Comments", the label of the web page's comment box it was copied
        // from: not part of the guide.
        if line == "Comments" {
            continue;
        }
        let want = normalise(line);
        // Sentences appear in the seed's order.
        let at = ms[last..]
            .find(&want)
            .unwrap_or_else(|| panic!("seed line missing or out of order in manuscript: {line:?}"));
        last += at + want.len();
        checked += 1;
    }
    assert!(checked > 130, "only {checked} seed lines checked");
}
