//! Page content streams, written straight to bytes. printpdf's own op translation formats
//! every glyph and number through lopdf objects, and on a 270-page book that cost more than
//! the whole of layout; this writer produces the same operators (rectangles, image XObjects,
//! font and colour switches, `Tm` + `TJ` glyph strings, ActualText spans) with compact,
//! deterministic numbers: at most three decimals, no exponent, no trailing zeros.

use crate::config::MIN_TINT;
use crate::typeset::frame::Rgb;

/// The colour space the pages are drawn in: RGB for the screen and home printers; for a
/// print shop, DeviceGray (a black-and-white interior) or DeviceCMYK (a colour one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ink {
    #[default]
    Rgb,
    Gray,
    Cmyk,
}

/// Colours this dark are black: text in the theme's near-black prints in black ink alone,
/// as the print shops ask (black built of several inks, or grey, prints too light).
const BLACK_LUMA: f32 = 0.2;

impl Ink {
    /// The lightness of `c` (Rec. 601 luma), 0 black to 1 white.
    pub fn luma(c: Rgb) -> f32 {
        0.299 * c.0 + 0.587 * c.1 + 0.114 * c.2
    }

    /// How far apart `c`'s channels are (0 for a grey, 1 for a pure primary).
    pub fn chroma(c: Rgb) -> f32 {
        c.0.max(c.1).max(c.2) - c.0.min(c.1).min(c.2)
    }

    /// Whether `c` counts as a grey (its channels within 2 % of each other).
    pub fn is_grey(c: Rgb) -> bool {
        Ink::chroma(c) < 0.02
    }

    /// `c` as cyan, magenta, yellow and black, with as much of its darkness as its channels
    /// have in common in black.
    pub fn separate(c: Rgb) -> [f32; 4] {
        let k = 1.0 - c.0.max(c.1).max(c.2);
        if k >= 1.0 {
            return [0.0, 0.0, 0.0, 1.0];
        }
        let part = |v: f32| (1.0 - v - k) / (1.0 - k);
        [part(c.0), part(c.1), part(c.2), k]
    }

    /// The grey of `c` ([`Ink::luma`]): near-black is black, and a tint too pale to print
    /// (under [`MIN_TINT`]) is darkened to the palest that does; white stays white.
    pub fn gray(c: Rgb) -> f32 {
        let luma = Ink::luma(c);
        if luma <= BLACK_LUMA {
            0.0
        } else if luma >= 0.999 {
            1.0
        } else {
            luma.min(1.0 - MIN_TINT)
        }
    }

    /// `c` for a colour interior ([`Ink::separate`]): a grey and a near-black with little
    /// colour in black ink alone; tints under [`MIN_TINT`] darkened as in [`Ink::gray`].
    pub fn cmyk(c: Rgb) -> [f32; 4] {
        if Ink::is_grey(c) || (Ink::chroma(c) < 0.1 && Ink::gray(c) == 0.0) {
            return [0.0, 0.0, 0.0, 1.0 - Ink::gray(c)];
        }
        let mut out = Ink::separate(c);
        let most = out.iter().copied().fold(0.0, f32::max);
        if most > 0.0 && most < MIN_TINT {
            let lift = MIN_TINT / most;
            out.iter_mut().for_each(|v| *v *= lift);
        }
        out
    }
}

/// One page's content stream under construction.
#[derive(Default)]
pub struct Content {
    pub bytes: Vec<u8>,
    /// The colour space colours are written in.
    pub ink: Ink,
}

impl Content {
    pub fn with_capacity(n: usize, ink: Ink) -> Content {
        Content {
            bytes: Vec::with_capacity(n),
            ink,
        }
    }

    /// A number with up to `decimals` (≤ 3) decimals, trimmed: `12`, `12.5`, `-0.25`.
    pub fn num_prec(&mut self, v: f32, decimals: u32) {
        let scale = 10i64.pow(decimals);
        let mut n = (f64::from(v) * scale as f64).round() as i64;
        if n == 0 {
            self.bytes.push(b'0');
            return;
        }
        if n < 0 {
            self.bytes.push(b'-');
            n = -n;
        }
        let int = n / scale;
        let mut frac = n % scale;
        self.int(int);
        if frac != 0 {
            let mut digits = decimals;
            while frac % 10 == 0 {
                frac /= 10;
                digits -= 1;
            }
            self.bytes.push(b'.');
            let mut buf = [b'0'; 3];
            for i in (0..digits as usize).rev() {
                buf[i] = b'0' + (frac % 10) as u8;
                frac /= 10;
            }
            self.bytes.extend_from_slice(&buf[..digits as usize]);
        }
    }

    /// A number with up to three decimals.
    pub fn num(&mut self, v: f32) {
        self.num_prec(v, 3);
    }

    fn int(&mut self, mut n: i64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.bytes.extend_from_slice(&buf[i..]);
    }

    /// Numbers separated by spaces, then the operator and a newline.
    pub fn op(&mut self, nums: &[f32], operator: &str) {
        for v in nums {
            self.num(*v);
            self.bytes.push(b' ');
        }
        self.bytes.extend_from_slice(operator.as_bytes());
        self.bytes.push(b'\n');
    }

    /// Four upper-case hex digits: a glyph id or a UTF-16 unit in a hex string.
    fn hex4(&mut self, v: u16) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        for shift in [12, 8, 4, 0] {
            self.bytes.push(HEX[usize::from((v >> shift) & 0xF)]);
        }
    }

    pub fn raw(&mut self, s: &str) {
        self.bytes.extend_from_slice(s.as_bytes());
    }

    /// The fill colour in the page's ink: `r g b rg`, `gray g` or `c m y k k`.
    pub fn fill_color(&mut self, c: Rgb) {
        match self.ink {
            Ink::Rgb => self.op(&[c.0, c.1, c.2], "rg"),
            Ink::Gray => self.op(&[Ink::gray(c)], "g"),
            Ink::Cmyk => self.op(&Ink::cmyk(c), "k"),
        }
    }

    /// `x y w h re f`: a filled rectangle (PDF coordinates, origin bottom left).
    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.op(&[x, y, w, h], "re");
        self.raw("f\n");
    }

    /// `q w 0 0 h x y cm /Name Do Q`: an image XObject scaled into a box.
    pub fn image(&mut self, name: &str, x: f32, y: f32, w: f32, h: f32) {
        self.raw("q\n");
        self.op(&[w, 0.0, 0.0, h, x, y], "cm");
        self.bytes.push(b'/');
        self.raw(name);
        self.raw(" Do\nQ\n");
    }

    /// `/Name size Tf`.
    pub fn font(&mut self, name: &str, size: f32) {
        self.bytes.push(b'/');
        self.raw(name);
        self.bytes.push(b' ');
        self.op(&[size], "Tf");
    }

    /// `1 0 0 1 x y Tm`: start a glyph string at (x, y).
    pub fn text_at(&mut self, x: f32, y: f32) {
        self.op(&[1.0, 0.0, 0.0, 1.0, x, y], "Tm");
    }

    /// `[<gids> adj <gids> …] TJ`: glyph ids (two bytes each) with the adjustment after
    /// each glyph in thousandths of an em (positive moves the next glyph left).
    pub fn glyphs(&mut self, gids: impl Iterator<Item = (u16, f32)>) {
        self.bytes.push(b'[');
        let mut open = false;
        for (gid, adj) in gids {
            if !open {
                self.bytes.push(b'<');
                open = true;
            }
            self.hex4(gid);
            if adj != 0.0 {
                self.bytes.push(b'>');
                open = false;
                self.num_prec(adj, 1);
            }
        }
        if open {
            self.bytes.push(b'>');
        }
        self.raw("] TJ\n");
    }

    /// `/Span <</ActualText <FEFF…>>> BDC`: what a stretch of glyphs reads as.
    pub fn begin_actual_text(&mut self, text: &str) {
        self.raw("/Span <</ActualText <FEFF");
        for u in text.encode_utf16() {
            self.hex4(u);
        }
        self.raw(">>> BDC\n");
    }

    pub fn end_marked(&mut self) {
        self.raw("EMC\n");
    }

    /// `/Role <</MCID n>> BDC`: the start of a structure element's content.
    pub fn begin_mcid(&mut self, role: &str, mcid: usize) {
        self.bytes.push(b'/');
        self.raw(role);
        self.raw(" <</MCID ");
        self.int(mcid as i64);
        self.raw(">> BDC\n");
    }

    /// `/Artifact BMC`: the start of content that is not part of the text.
    pub fn begin_artifact(&mut self) {
        self.raw("/Artifact BMC\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(c: &Content) -> &str {
        std::str::from_utf8(&c.bytes).unwrap()
    }

    #[test]
    fn numbers_are_short_and_exact_to_three_decimals() {
        let mut c = Content::default();
        for v in [0.0, 12.0, 12.5, -0.25, 0.41960785, 1234.5678, -0.0004, 7.1] {
            c.num(v);
            c.raw(" ");
        }
        assert_eq!(s(&c), "0 12 12.5 -0.25 0.42 1234.568 0 7.1 ");
    }

    #[test]
    fn glyph_strings_merge_until_an_adjustment() {
        let mut c = Content::default();
        c.glyphs([(2, 0.0), (0x1c, 13.0), (0xab, 0.0), (1, -2.5), (3, 0.0)].into_iter());
        assert_eq!(s(&c), "[<0002001C>13<00AB0001>-2.5<0003>] TJ\n");
    }

    #[test]
    fn print_inks_make_black_text_black_and_pale_tints_printable() {
        // the theme's text colour (#1f1f1f) is pure black, white stays paper
        assert_eq!(Ink::gray((0.122, 0.122, 0.122)), 0.0);
        assert_eq!(Ink::gray((1.0, 1.0, 1.0)), 1.0);
        // the code background (#f4f5f7, a 4 % tint) prints as 10 %
        assert!((Ink::gray((0.957, 0.961, 0.969)) - 0.9).abs() < 1e-6);
        // a mid grey keeps its value
        assert!((Ink::gray((0.5, 0.5, 0.5)) - 0.5).abs() < 1e-6);
        assert_eq!(Ink::cmyk((0.122, 0.122, 0.122)), [0.0, 0.0, 0.0, 1.0]);
        let [c, m, y, k] = Ink::cmyk((0.114, 0.208, 0.341));
        assert!(c > 0.5 && m > 0.3 && y == 0.0 && k > 0.6, "{c} {m} {y} {k}");
        let mut out = Content::with_capacity(16, Ink::Gray);
        out.fill_color((0.5, 0.5, 0.5));
        out.ink = Ink::Cmyk;
        out.fill_color((0.0, 0.0, 0.0));
        assert_eq!(s(&out), "0.5 g\n0 0 0 1 k\n");
    }

    #[test]
    fn operators_and_spans() {
        let mut c = Content::default();
        c.font("F1", 10.5);
        c.text_at(72.0, 700.25);
        c.fill_rect(1.0, 2.0, 3.0, 0.5);
        c.image("Im0", 10.0, 20.0, 100.0, 50.0);
        c.begin_actual_text("a\u{AD}");
        c.end_marked();
        c.begin_mcid("LBody", 12);
        c.begin_artifact();
        assert_eq!(
            s(&c),
            "/F1 10.5 Tf\n1 0 0 1 72 700.25 Tm\n1 2 3 0.5 re\nf\nq\n100 0 0 50 10 20 cm\n\
             /Im0 Do\nQ\n/Span <</ActualText <FEFF006100AD>>> BDC\nEMC\n\
             /LBody <</MCID 12>> BDC\n/Artifact BMC\n"
        );
    }
}
