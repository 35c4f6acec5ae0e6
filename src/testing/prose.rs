//! Generated English prose for tests and benchmarks: paragraphs of varied sentences drawn from
//! a fixed word list (short function words, everyday words, long words that want hyphenating,
//! hyphenated compounds, numbers, dashes, quotes), from a seed, deterministically. Used for
//! the line-breaking measurements and for long generated books.

/// Short words, weighted by repetition like running text.
const FUNCTION: &[&str] = &[
    "the", "the", "the", "a", "a", "and", "and", "to", "to", "of", "of", "in", "is", "it", "that",
    "you", "you", "they", "we", "for", "on", "with", "as", "at", "be", "this", "not", "but", "or",
    "can", "will", "what", "when", "if", "so", "your", "their", "them", "more", "was", "are",
    "have", "has", "do", "how", "by", "from", "all", "one", "just", "even",
];

const COMMON: &[&str] = &[
    "trust",
    "time",
    "words",
    "partner",
    "friend",
    "people",
    "change",
    "small",
    "promise",
    "honest",
    "listen",
    "answer",
    "question",
    "feel",
    "felt",
    "hurt",
    "repair",
    "slowly",
    "again",
    "after",
    "before",
    "every",
    "never",
    "always",
    "often",
    "sometimes",
    "because",
    "without",
    "matter",
    "little",
    "start",
    "begin",
    "simple",
    "clear",
    "quiet",
    "patient",
    "kind",
    "open",
    "ready",
    "space",
    "need",
    "needs",
    "want",
    "ask",
    "show",
    "tell",
    "keep",
    "give",
    "take",
    "make",
    "notice",
    "moment",
    "week",
    "month",
    "year",
    "day",
    "evening",
    "morning",
    "letter",
    "phone",
    "message",
    "apology",
    "mistake",
    "choice",
    "habit",
    "pattern",
    "reason",
    "effect",
    "action",
    "actions",
    "others",
    "yourself",
    "themselves",
    "together",
    "alone",
    "steady",
    "gentle",
    "careful",
    "honesty",
    "safety",
    "calm",
    "anger",
    "fear",
    "sorry",
    "defend",
    "explain",
    "blame",
    "excuse",
    "accept",
    "admit",
    "happened",
    "through",
    "around",
    "between",
    "inside",
    "toward",
    "nothing",
    "something",
    "everything",
    "anyone",
    "believe",
    "remember",
    "forget",
    "forgive",
    "offer",
    "return",
    "follow",
    "promised",
    "doing",
    "saying",
    "hearing",
    "waiting",
    "working",
    "living",
    "caring",
    "thinking",
];

/// Long words: the ones hyphenation is for.
const LONG: &[&str] = &[
    "responsibility",
    "acknowledgement",
    "communication",
    "understanding",
    "relationship",
    "consistently",
    "reliability",
    "transparency",
    "accountability",
    "vulnerability",
    "reassurance",
    "commitment",
    "disappointment",
    "defensiveness",
    "forgiveness",
    "circumstances",
    "conversation",
    "expectations",
    "predictability",
    "uncomfortable",
    "interrupting",
    "minimizing",
    "justification",
    "independently",
    "unconditionally",
    "extraordinary",
    "recognizable",
    "considerately",
    "intentionally",
    "professional",
    "counselor",
    "particularly",
    "immediately",
    "environment",
    "opportunity",
    "information",
    "experiences",
    "emotionally",
    "significantly",
    "unfortunately",
    "appreciation",
    "overwhelming",
    "questioning",
    "demonstrating",
    "rebuilding",
    "trustworthiness",
];

const COMPOUNDS: &[&str] = &[
    "self-aware",
    "long-term",
    "well-meant",
    "follow-through",
    "check-in",
    "day-to-day",
    "face-to-face",
    "heart-to-heart",
    "open-ended",
    "short-lived",
    "self-respect",
    "hard-won",
    "twenty-one",
];

const NAMES: &[&str] = &[
    "Sam", "Alex", "Jordan", "Maria", "Chen", "Priya", "NASA", "McKay",
];

/// A small deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

fn word(rng: &mut Rng) -> String {
    match rng.below(100) {
        0..=44 => rng.pick(FUNCTION).to_string(),
        45..=84 => rng.pick(COMMON).to_string(),
        85..=93 => rng.pick(LONG).to_string(),
        94..=96 => rng.pick(COMPOUNDS).to_string(),
        97 => rng.pick(NAMES).to_string(),
        98 => format!("{}", 2 + rng.below(40)),
        _ => format!("\u{201C}{}\u{201D}", rng.pick(COMMON)),
    }
}

fn sentence(rng: &mut Rng, out: &mut String) {
    let n = 4 + rng.below(22);
    for i in 0..n {
        let mut w = word(rng);
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                w = f.to_uppercase().chain(c).collect();
            }
        } else {
            out.push(' ');
        }
        out.push_str(&w);
        if i + 1 < n && i > 1 {
            match rng.below(40) {
                0..=2 => out.push(','),
                3 => out.push(';'),
                4 => out.push_str(" \u{2014}"),
                _ => {}
            }
        }
    }
    out.push(match rng.below(12) {
        0 => '?',
        1 => '!',
        _ => '.',
    });
}

/// About `words` words of prose in paragraphs of 1 to 9 sentences.
pub fn generate_prose(words: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut paras = Vec::new();
    let mut count = 0;
    while count < words {
        let mut p = String::new();
        for s in 0..1 + rng.below(9) {
            if s > 0 {
                p.push(' ');
            }
            sentence(&mut rng, &mut p);
        }
        count += p.split_whitespace().count();
        paras.push(p);
    }
    paras
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_deterministic_and_sized() {
        let a = generate_prose(5000, 7);
        let b = generate_prose(5000, 7);
        assert_eq!(a, b);
        let n: usize = a.iter().map(|p| p.split_whitespace().count()).sum();
        assert!((5000..5400).contains(&n), "{n}");
        assert!(a.iter().any(|p| p.contains("responsibility")));
        assert_ne!(generate_prose(200, 8), generate_prose(200, 7));
    }
}
