//! Writes a long guide manuscript for the benchmark and the tests, deterministically.
//!
//! [`write_book`] writes `DIR/guide.toml` and `DIR/NN-chapter.md` (20 chapters by default). The
//! body text holds exactly the words asked for (counted as whitespace-separated tokens of the
//! Markdown body, headings, list items and footnotes included; markers, footnote labels and
//! Markdown syntax excluded). Every chapter has headings, long paragraphs (about one in five with
//! a footnote, its definition at the chapter's end), bullet and numbered lists, a check list and
//! an avoid list with their lead-ins, and avoid/try sayings in both forms, so the whole dialect is
//! exercised at length. The same arguments always give the same bytes (own PRNG, no clock, no
//! hashing). At 60,000 words on 6×9 in pages the book comes to about 250 pages.
//!
//! This file has no dependencies beyond `std`, so the test suite can include it with `#[path]`.

use std::fs;
use std::io;
use std::path::Path;

const WORDS: &str = "trust repair promise honest apology listen patience relationship partner \
    feeling conversation consistent responsibility boundary healing connection vulnerable \
    understanding forgiveness commitment reassurance transparency accountability emotional safety \
    small steps time daily effort kindness respect change behavior pattern attention presence \
    moment together apart careful gentle steady clear simple quiet open warm slow real true whole \
    the a and of to in that it with for as on is was be by at this from or but not we you they \
    your their our have has had will can may would could should must every each some many \
    more most less often always never sometimes again still already really especially \
    notice remember explain acknowledge validate apologize follow through check ask answer \
    rebuild restore strengthen weaken protect prepare practice continue begin finish wait \
    evening morning week month year calendar message reminder note letter phone call \
    counselor friend family neighbor colleague stranger reader writer \
    uncomfortable unbelievable misunderstanding responsibilities characteristically \
    incomprehensibility disproportionate internationalization well-being self-respect \
    long-term follow-up heart-to-heart";

const HEADINGS: [&str; 20] = [
    "Beginning Again",
    "The Weight of a Promise",
    "Listening First",
    "Saying Sorry",
    "Small Proofs",
    "Patience",
    "Old Patterns",
    "New Habits",
    "Being Seen",
    "The Long Middle",
    "Setbacks",
    "Asking for Help",
    "Boundaries",
    "Daily Practice",
    "Quiet Evenings",
    "Hard Conversations",
    "Keeping Track",
    "Forgiveness",
    "Looking Back",
    "Moving Forward",
];

const SAY_AVOID: [&str; 6] = [
    "It’s not a big deal.",
    "You’re overreacting.",
    "I said I was sorry, what more do you want?",
    "Can we just move on?",
    "Everyone does this.",
    "You’re too sensitive.",
];

const SAY_TRY: [&str; 6] = [
    "I can see how this hurt you.",
    "Tell me what this felt like for you.",
    "I’m sorry, and I want to make it right.",
    "What would help you feel safe again?",
    "I’ll check in with you tomorrow evening.",
    "Thank you for telling me.",
];

const ENDS: [&str; 5] = [".", ".", ".", "?", "!"];
const AVOID_MARKS: [&str; 3] = ["❌", "✘", "✗"];

/// What to write: the defaults are 20 chapters, seed 1, 6×9 in paper.
#[derive(Debug, Clone)]
pub struct BookSpec {
    pub words: usize,
    pub chapters: usize,
    pub seed: u64,
    pub paper: String,
}

impl BookSpec {
    /// A book of `words` words with the default chapters, seed and paper.
    pub fn new(words: usize) -> BookSpec {
        BookSpec {
            words,
            chapters: 20,
            seed: 1,
            paper: "6x9".to_string(),
        }
    }
}

/// xorshift64*: small, fast and the same everywhere.
struct Rng {
    s: u64,
}

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng {
            s: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(1),
        }
    }

    fn next(&mut self) -> u64 {
        let mut s = self.s;
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        self.s = s;
        s.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn pick<'a>(&mut self, seq: &[&'a str]) -> &'a str {
        seq[self.below(seq.len())]
    }
}

/// Counts the words still to write, so the book has exactly the words asked for.
struct Budget {
    left: usize,
}

impl Budget {
    fn take(&mut self, n: usize) -> usize {
        let n = n.min(self.left);
        self.left -= n;
        n
    }
}

/// Everything the chapters draw from: the generator, the budget and the word list.
struct Writer<'w> {
    rng: Rng,
    budget: Budget,
    words: Vec<&'w str>,
}

fn capitalized(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

fn trim_end(s: &str) -> &str {
    s.trim_end_matches(['.', '?', '!'])
}

impl Writer<'_> {
    /// One sentence of `n` words (a comma now and then, so lines do not all look alike).
    fn sentence(&mut self, n: usize) -> String {
        let mut words: Vec<String> = (0..n)
            .map(|_| self.rng.pick(&self.words).to_string())
            .collect();
        words[0] = capitalized_first(&words[0]);
        if n > 8 {
            let k = self.rng.between(3, n - 3);
            words[k].push(',');
        }
        words.join(" ") + self.rng.pick(&ENDS)
    }

    /// `n` words of sentences of 6..22 words (the last one may be shorter).
    fn text(&mut self, mut n: usize) -> String {
        let mut out = Vec::new();
        while n > 0 {
            let k = n.min(self.rng.between(6, 22));
            out.push(self.sentence(k));
            n -= k;
        }
        out.join(" ")
    }

    fn paragraph(&mut self, lo: usize, hi: usize) -> String {
        let want = self.rng.between(lo, hi);
        let n = self.budget.take(want);
        if n > 0 {
            self.text(n)
        } else {
            String::new()
        }
    }

    fn items(&mut self, count: usize, lo: usize, hi: usize) -> Vec<String> {
        let mut out = Vec::new();
        for _ in 0..count {
            let want = self.rng.between(lo, hi);
            let n = self.budget.take(want);
            if n > 0 {
                out.push(trim_end(&self.text(n)).to_string());
            }
        }
        out
    }

    /// `n` different entries of `seq`, in a random order.
    fn distinct<'a>(&mut self, seq: &[&'a str], n: usize) -> Vec<&'a str> {
        let mut pool = seq.to_vec();
        let n = n.min(pool.len());
        (0..n)
            .map(|_| {
                let i = self.rng.below(pool.len());
                pool.remove(i)
            })
            .collect()
    }

    fn check_list(&mut self, parts: &mut Vec<String>) {
        self.budget.take(3); // "Taking responsibility means:"
        let count = self.rng.between(3, 6);
        let list = self.items(count, 3, 12);
        if !list.is_empty() {
            let lines: Vec<String> = list.iter().map(|i| format!("- ✔ {i}")).collect();
            parts.push(format!(
                "Taking responsibility means:\n\n{}",
                lines.join("\n")
            ));
        }
    }

    fn avoid_list(&mut self, parts: &mut Vec<String>) {
        self.budget.take(3); // "Things to avoid:"
        let count = self.rng.between(3, 5);
        let list = self.items(count, 3, 10);
        if !list.is_empty() {
            let mark = self.rng.pick(&AVOID_MARKS);
            let lines: Vec<String> = list.iter().map(|i| format!("- {mark} {i}")).collect();
            parts.push(format!("Things to avoid:\n\n{}", lines.join("\n")));
        }
    }

    /// The avoid/try sayings; false (and nothing written) when the budget cannot hold them.
    fn sayings(&mut self, parts: &mut Vec<String>) -> bool {
        let na = self.rng.between(1, 3);
        let avoid = self.distinct(&SAY_AVOID, na);
        let nt = self.rng.between(1, 2);
        let tries = self.distinct(&SAY_TRY, nt);
        let spoken: usize = avoid
            .iter()
            .chain(&tries)
            .map(|s| s.split_whitespace().count())
            .sum();
        let need = spoken + 4; // "Avoid saying:" and "Instead, try:"
        if need > self.budget.left {
            return false;
        }
        self.budget.take(need);
        if avoid.len() == 1 {
            parts.push(format!("Avoid saying:\n\n> “{}”", avoid[0]));
        } else {
            let lines: Vec<String> = avoid.iter().map(|s| format!("- “{s}”")).collect();
            parts.push(format!("Avoid saying:\n\n{}", lines.join("\n")));
        }
        let quote = tries.len() == 1;
        let lines: Vec<String> = tries
            .iter()
            .map(|s| {
                if quote {
                    format!("> “{s}”")
                } else {
                    format!("- “{s}”")
                }
            })
            .collect();
        parts.push(format!("Instead, try:\n\n{}", lines.join("\n")));
        true
    }

    fn plain_list(&mut self, section: usize, parts: &mut Vec<String>) {
        let count = self.rng.between(3, 6);
        let list = self.items(count, 4, 18);
        if list.is_empty() {
            return;
        }
        let lines: Vec<String> = if section % 2 == 1 {
            list.iter()
                .enumerate()
                .map(|(k, i)| format!("{}. {i}.", k + 1))
                .collect()
        } else {
            list.iter().map(|i| format!("- {i}.")).collect()
        };
        parts.push(lines.join("\n"));
    }

    fn heading(&mut self) -> String {
        let t = self.text(3);
        let t = t.trim_end_matches(['.', '?', '!', ',']).replace(',', "");
        let h: Vec<String> = t.split_whitespace().map(capitalized).collect();
        self.budget.take(3);
        format!("## {}", h.join(" "))
    }

    /// One chapter of about `share` words under the title `title` (its words reserved up front).
    fn chapter(&mut self, number: usize, share: usize, title: &str) -> String {
        let start = self.budget.left;
        let mut parts = vec![format!("# {title}")];
        let mut notes = Vec::new();
        let mut section = 0;
        while start - self.budget.left < share && self.budget.left > 0 {
            section += 1;
            let shape = (number + section) % 4;
            for _ in 0..self.rng.between(2, 4) {
                let spent = start - self.budget.left;
                if spent >= share {
                    break;
                }
                let room = share - spent;
                let p = self.paragraph(room.min(60), room.min(220));
                if !p.is_empty() {
                    let p = self.with_footnote(p, &mut notes);
                    parts.push(p);
                }
            }
            let roomy = self.budget.left >= 3 + 3 * 3;
            // Only the sayings can be left out (and then so is the heading after them).
            let written = match shape {
                0 if roomy => {
                    self.check_list(&mut parts);
                    true
                }
                1 if roomy => {
                    self.avoid_list(&mut parts);
                    true
                }
                2 => self.sayings(&mut parts),
                3 => {
                    self.plain_list(section, &mut parts);
                    true
                }
                _ => true,
            };
            if !written {
                continue;
            }
            if start - self.budget.left < share && self.budget.left > 3 {
                let h = self.heading();
                parts.push(h);
            }
        }
        parts.extend(notes);
        parts.join("\n\n") + "\n"
    }

    /// A paragraph, with a reference to a new footnote at its end about one time in five (the
    /// definition goes into `notes`, for the end of the chapter).
    fn with_footnote(&mut self, p: String, notes: &mut Vec<String>) -> String {
        if self.rng.below(5) != 0 || self.budget.left < 8 {
            return p;
        }
        let want = self.rng.between(8, 30);
        let n = self.budget.take(want);
        let label = notes.len() + 1;
        let note = self.text(n);
        notes.push(format!("[^{label}]: {note}"));
        format!("{p}[^{label}]")
    }
}

fn capitalized_first(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The chapters' titles: the headings in turn, numbered after the first round.
fn titles(chapters: usize) -> Vec<String> {
    (0..chapters)
        .map(|c| {
            let h = HEADINGS[c % HEADINGS.len()];
            if c < HEADINGS.len() {
                h.to_string()
            } else {
                format!("{h} {}", c + 1)
            }
        })
        .collect()
}

/// Writes the book `spec` into `dir` (made if missing; its old `*.md` files removed).
pub fn write_book(dir: &Path, spec: &BookSpec) -> io::Result<()> {
    if spec.chapters < 1 || spec.words < spec.chapters * 20 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "need at least 20 words per chapter",
        ));
    }
    fs::create_dir_all(dir)?;
    for e in fs::read_dir(dir)? {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "md") {
            fs::remove_file(p)?;
        }
    }
    let titles = titles(spec.chapters);
    let title_words: usize = titles.iter().map(|t| t.split_whitespace().count()).sum();
    let mut w = Writer {
        rng: Rng::new(spec.seed),
        budget: Budget {
            left: spec.words - title_words,
        },
        words: WORDS.split_whitespace().collect(),
    };
    let toml = format!(
        "title = \"A Long Guide of {} Words\"\nsubtitle = \"Generated for tests and benchmarks\"\n\
         author = \"guidebuild genbook\"\nlanguage = \"en\"\ndate = \"2026-01-01\"\n\
         \n[pdf]\npaper = \"{}\"\n",
        spec.words, spec.paper
    );
    fs::write(dir.join("guide.toml"), toml)?;
    let file = |c: usize| dir.join(format!("{:02}-chapter.md", c + 1));
    for (c, title) in titles.iter().enumerate() {
        let share = w.budget.left / (spec.chapters - c);
        let body = w.chapter(c, share, title);
        fs::write(file(c), body)?;
    }
    // Whatever rounding left over goes into the last chapter as one more paragraph.
    if w.budget.left > 0 {
        let n = w.budget.take(w.budget.left);
        let last = file(spec.chapters - 1);
        let body = fs::read_to_string(&last)? + "\n" + &w.text(n) + "\n";
        fs::write(last, body)?;
    }
    Ok(())
}
