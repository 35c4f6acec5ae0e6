#!/usr/bin/env python3
"""Generates a long guide manuscript for tests and benchmarks, deterministically.

    python3 bench/genbook.py OUTDIR [--words 60000] [--chapters 20] [--seed 1] [--paper 6x9]

Writes OUTDIR/guide.toml and OUTDIR/NN-chapter.md (20 chapters by default). The body text
holds exactly --words words (counted as whitespace-separated tokens of the Markdown body,
headings and list items included, markers and Markdown syntax excluded). Every chapter has
headings, long paragraphs, bullet and numbered lists, a check list and an avoid list with
their lead-ins, and avoid/try sayings in both forms, so the whole dialect is exercised at
length. The same arguments always give the same bytes (own PRNG, no clock, no hashing).

At 60,000 words on 6x9 in pages the book comes to about 250 pages.
"""
import argparse
import pathlib
import sys

WORDS = (
    "trust repair promise honest apology listen patience relationship partner feeling "
    "conversation consistent responsibility boundary healing connection vulnerable understanding "
    "forgiveness commitment reassurance transparency accountability emotional safety small steps "
    "time daily effort kindness respect change behavior pattern attention presence moment "
    "together apart careful gentle steady clear simple quiet open warm slow real true whole "
    "the a and of to in that it with for as on is was be by at this from or but not we you they "
    "your their our have has had will can may would could should must every each some many "
    "more most less often always never sometimes again still already really especially "
    "notice remember explain acknowledge validate apologize follow through check ask answer "
    "rebuild restore strengthen weaken protect prepare practice continue begin finish wait "
    "evening morning week month year calendar message reminder note letter phone call "
    "counselor friend family neighbor colleague stranger reader writer "
    "uncomfortable unbelievable misunderstanding responsibilities characteristically "
    "incomprehensibility disproportionate internationalization well-being self-respect "
    "long-term follow-up heart-to-heart"
).split()

HEADINGS = (
    "Beginning Again", "The Weight of a Promise", "Listening First", "Saying Sorry",
    "Small Proofs", "Patience", "Old Patterns", "New Habits", "Being Seen",
    "The Long Middle", "Setbacks", "Asking for Help", "Boundaries", "Daily Practice",
    "Quiet Evenings", "Hard Conversations", "Keeping Track", "Forgiveness",
    "Looking Back", "Moving Forward",
)

SAY_AVOID = (
    "It’s not a big deal.", "You’re overreacting.", "I said I was sorry, what more do you want?",
    "Can we just move on?", "Everyone does this.", "You’re too sensitive.",
)
SAY_TRY = (
    "I can see how this hurt you.", "Tell me what this felt like for you.",
    "I’m sorry, and I want to make it right.", "What would help you feel safe again?",
    "I’ll check in with you tomorrow evening.", "Thank you for telling me.",
)


class Rng:
    """xorshift64*: small, fast and the same everywhere."""

    def __init__(self, seed: int):
        self.s = (seed * 0x9E3779B97F4A7C15 + 1) & 0xFFFFFFFFFFFFFFFF

    def next(self) -> int:
        s = self.s
        s ^= s >> 12
        s ^= (s << 25) & 0xFFFFFFFFFFFFFFFF
        s ^= s >> 27
        self.s = s
        return (s * 0x2545F4914F6CDD1D) & 0xFFFFFFFFFFFFFFFF

    def below(self, n: int) -> int:
        return self.next() % n

    def between(self, lo: int, hi: int) -> int:
        return lo + self.below(hi - lo + 1)

    def pick(self, seq):
        return seq[self.below(len(seq))]


class Budget:
    """Counts the words written so far so the book has exactly the words asked for."""

    def __init__(self, total: int):
        self.left = total

    def take(self, n: int) -> int:
        n = max(0, min(n, self.left))
        self.left -= n
        return n


def sentence(rng: Rng, n: int) -> str:
    words = [rng.pick(WORDS) for _ in range(n)]
    words[0] = words[0][0].upper() + words[0][1:]
    # A comma now and then, so lines do not all look alike.
    if n > 8:
        k = rng.between(3, n - 3)
        words[k] += ","
    return " ".join(words) + rng.pick((".", ".", ".", "?", "!"))


def text(rng: Rng, n: int) -> str:
    """n words of sentences of 6..22 words (the last one may be shorter)."""
    out = []
    while n > 0:
        k = min(n, rng.between(6, 22))
        out.append(sentence(rng, k))
        n -= k
    return " ".join(out)


def paragraph(rng: Rng, budget: Budget, lo: int, hi: int) -> str:
    n = budget.take(rng.between(lo, hi))
    return text(rng, n) if n else ""


def items(rng: Rng, budget: Budget, count: int, lo: int, hi: int):
    out = []
    for _ in range(count):
        n = budget.take(rng.between(lo, hi))
        if n:
            out.append(text(rng, n).rstrip(".?!"))
    return out


def distinct(rng: Rng, seq, n: int):
    """n different entries of seq, in a random order."""
    pool = list(seq)
    return [pool.pop(rng.below(len(pool))) for _ in range(min(n, len(pool)))]


def chapter(rng: Rng, budget: Budget, number: int, share: int, title: str) -> str:
    start = budget.left
    spent = lambda: start - budget.left  # noqa: E731
    parts = [f"# {title}"]  # its words were reserved up front
    section = 0
    while spent() < share and budget.left > 0:
        section += 1
        shape = (number + section) % 4
        for _ in range(rng.between(2, 4)):
            room = share - spent()
            if room <= 0:
                break
            p = paragraph(rng, budget, min(60, room), min(220, room))
            if p:
                parts.append(p)
        if shape == 0 and budget.left >= 3 + 3 * 3:
            lead = "Taking responsibility means:"
            budget.take(3)
            lst = items(rng, budget, rng.between(3, 6), 3, 12)
            if lst:
                parts.append(lead + "\n\n" + "\n".join(f"- ✔ {i}" for i in lst))
        elif shape == 1 and budget.left >= 3 + 3 * 3:
            lead = "Things to avoid:"
            budget.take(3)
            lst = items(rng, budget, rng.between(3, 5), 3, 10)
            if lst:
                mark = rng.pick(("❌", "✘", "✗"))
                parts.append(lead + "\n\n" + "\n".join(f"- {mark} {i}" for i in lst))
        elif shape == 2:
            a = distinct(rng, SAY_AVOID, rng.between(1, 3))
            t = distinct(rng, SAY_TRY, rng.between(1, 2))
            need = sum(len(s.split()) for s in a + t) + 4
            if need > budget.left:
                continue
            budget.take(need)
            if len(a) == 1:
                parts.append(f"Avoid saying:\n\n> “{a[0]}”")
            else:
                parts.append("Avoid saying:\n\n" + "\n".join(f"- “{s}”" for s in a))
            parts.append("Instead, try:\n\n" + "\n".join(f"> “{s}”" if len(t) == 1 else f"- “{s}”" for s in t))
        elif shape == 3:
            lst = items(rng, budget, rng.between(3, 6), 4, 18)
            if lst:
                if section % 2:
                    parts.append("\n".join(f"{k}. {i}." for k, i in enumerate(lst, 1)))
                else:
                    parts.append("\n".join(f"- {i}." for i in lst))
        if spent() < share and budget.left > 3:
            h = " ".join(w.capitalize() for w in text(rng, 3).rstrip(".?!,").replace(",", "").split())
            budget.take(3)
            parts.append(f"## {h}")
    return "\n\n".join(parts) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir", type=pathlib.Path)
    ap.add_argument("--words", type=int, default=60000)
    ap.add_argument("--chapters", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--paper", default="6x9", help="letter, a4, a5 or 6x9 (default 6x9)")
    args = ap.parse_args(argv)
    if args.words < args.chapters * 20 or args.chapters < 1:
        ap.error("need at least 20 words per chapter")

    out = args.outdir
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.md"):
        old.unlink()
    rng = Rng(args.seed)
    titles = [
        HEADINGS[c % len(HEADINGS)] + ("" if c < len(HEADINGS) else f" {c + 1}")
        for c in range(args.chapters)
    ]
    budget = Budget(args.words - sum(len(t.split()) for t in titles))
    (out / "guide.toml").write_text(
        f'title = "A Long Guide of {args.words} Words"\n'
        'subtitle = "Generated for tests and benchmarks"\n'
        'author = "guidebuild genbook"\n'
        'language = "en"\n'
        'date = "2026-01-01"\n'
        f'\n[pdf]\npaper = "{args.paper}"\n',
        encoding="utf-8",
    )
    for c in range(args.chapters):
        remaining = args.chapters - c
        share = budget.left // remaining
        body = chapter(rng, budget, c, share, titles[c])
        (out / f"{c + 1:02d}-chapter.md").write_text(body, encoding="utf-8")
    # Whatever rounding left over goes into the last chapter as one more paragraph.
    if budget.left:
        n = budget.take(budget.left)
        last = out / f"{args.chapters:02d}-chapter.md"
        last.write_text(last.read_text(encoding="utf-8") + "\n" + text(rng, n) + "\n", encoding="utf-8")
    print(f"{out}: {args.chapters} chapters, {args.words} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
