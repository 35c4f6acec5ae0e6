//! The OpenType container as the font kit reads it: bounds-checked big-endian reads, the
//! table directory of a font file (or of a collection's first face), the character map
//! (formats 4 and 12 read, a character at a time or whole, and written back for a subset's
//! kept characters), and assembling tables into a font file with the checksums the format asks
//! for. Reads return `None` on malformed data instead of panicking.
use std::collections::BTreeMap;

pub type Tag = [u8; 4];

pub fn u16_at(d: &[u8], off: usize) -> Option<u16> {
    let b = d.get(off..off.checked_add(2)?)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

pub fn u32_at(d: &[u8], off: usize) -> Option<u32> {
    let b = d.get(off..off.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// The bytes from `off` to the end, when `off` is inside.
pub fn from(d: &[u8], off: usize) -> Option<&[u8]> {
    d.get(off..)
}

pub fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_be_bytes());
}

pub fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_be_bytes());
}

pub fn set16(out: &mut [u8], off: usize, v: u16) {
    out[off..off + 2].copy_from_slice(&v.to_be_bytes());
}

pub fn set32(out: &mut [u8], off: usize, v: u32) {
    out[off..off + 4].copy_from_slice(&v.to_be_bytes());
}

/// The tables of a font file by tag.
pub struct Tables<'a> {
    pub version: u32,
    map: BTreeMap<Tag, &'a [u8]>,
}

impl<'a> Tables<'a> {
    pub fn parse(d: &'a [u8]) -> Option<Tables<'a>> {
        Tables::parse_at(d, 0)
    }

    /// The tables of the first face of a font file, a collection (`ttcf`) too.
    pub fn parse_first_face(d: &'a [u8]) -> Option<Tables<'a>> {
        if d.get(..4) == Some(b"ttcf") {
            return Tables::parse_at(d, u32_at(d, 12)? as usize);
        }
        Tables::parse_at(d, 0)
    }

    /// The tables listed in the directory at `dir` (their offsets count from the file's start).
    fn parse_at(d: &'a [u8], dir: usize) -> Option<Tables<'a>> {
        let version = u32_at(d, dir)?;
        let n = usize::from(u16_at(d, dir.checked_add(4)?)?);
        let mut map = BTreeMap::new();
        for i in 0..n {
            let rec = dir + 12 + 16 * i;
            let tag: Tag = d.get(rec..rec + 4)?.try_into().ok()?;
            let off = u32_at(d, rec + 8)? as usize;
            let len = u32_at(d, rec + 12)? as usize;
            map.insert(tag, d.get(off..off.checked_add(len)?)?);
        }
        Some(Tables { version, map })
    }

    pub fn get(&self, tag: &Tag) -> Option<&'a [u8]> {
        self.map.get(tag).copied()
    }
}

/// The font's Unicode character map.
pub struct Cmap<'a> {
    sub: &'a [u8],
    format: u16,
}

impl<'a> Cmap<'a> {
    /// Picks the best Unicode subtable: full repertoire (format 12) before BMP (format 4).
    pub fn parse(cmap: &'a [u8]) -> Option<Cmap<'a>> {
        let n = usize::from(u16_at(cmap, 2)?);
        let mut best: Option<(u8, Cmap<'a>)> = None;
        for i in 0..n {
            let rec = 4 + 8 * i;
            let (platform, encoding) = (u16_at(cmap, rec)?, u16_at(cmap, rec + 2)?);
            let Some(sub) = from(cmap, u32_at(cmap, rec + 4)? as usize) else {
                continue;
            };
            let format = u16_at(sub, 0)?;
            let rank = match (platform, encoding, format) {
                (3, 10, 12) | (0, 4, 12) | (0, 6, 12) => 3,
                (3, 1, 4) | (0, 3, 4) => 2,
                (0, _, 4) => 1,
                _ => continue,
            };
            if best.as_ref().is_none_or(|(r, _)| rank > *r) {
                best = Some((rank, Cmap { sub, format }));
            }
        }
        best.map(|(_, c)| c)
    }

    /// The glyph of `c`, 0 when the font has none.
    pub fn map(&self, c: char) -> u16 {
        let cp = c as u32;
        let found = if self.format == 12 {
            self.map12(cp)
        } else {
            u16::try_from(cp).ok().and_then(|cp| self.map4(cp))
        };
        found.unwrap_or(0)
    }

    /// Every character the map gives a glyph other than 0, with that glyph, in order.
    pub fn mappings(&self) -> Vec<(char, u16)> {
        let mut out = Vec::new();
        let mut push = |cp: u32, g: u16| {
            if let Some(c) = char::from_u32(cp).filter(|_| g != 0) {
                out.push((c, g));
            }
        };
        let s = self.sub;
        if self.format == 12 {
            let n = u32_at(s, 12).unwrap_or(0) as usize;
            for i in 0..n {
                let at = 16 + 12 * i;
                let (Some(start), Some(end), Some(first)) =
                    (u32_at(s, at), u32_at(s, at + 4), u32_at(s, at + 8))
                else {
                    break;
                };
                for cp in start..=end.min(0x10FFFF) {
                    let g = first
                        .checked_add(cp - start)
                        .and_then(|g| u16::try_from(g).ok());
                    push(cp, g.unwrap_or(0));
                }
            }
        } else {
            let seg2 = usize::from(u16_at(s, 6).unwrap_or(0));
            for i in 0..seg2 / 2 {
                let (Some(end), Some(start)) =
                    (u16_at(s, 14 + 2 * i), u16_at(s, 16 + seg2 + 2 * i))
                else {
                    break;
                };
                for cp in start..=end {
                    push(u32::from(cp), self.map4(cp).unwrap_or(0));
                }
            }
        }
        out.sort_unstable();
        out.dedup_by_key(|(c, _)| *c);
        out
    }

    fn map4(&self, cp: u16) -> Option<u16> {
        let s = self.sub;
        let seg2 = usize::from(u16_at(s, 6)?);
        let (ends, starts, deltas, ranges) = (14, 16 + seg2, 16 + 2 * seg2, 16 + 3 * seg2);
        // Binary search for the first segment whose end is >= cp.
        let (mut lo, mut hi) = (0usize, seg2 / 2);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if u16_at(s, ends + 2 * mid)? < cp {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let i = lo;
        if i >= seg2 / 2 || u16_at(s, starts + 2 * i)? > cp {
            return Some(0);
        }
        let start = u16_at(s, starts + 2 * i)?;
        let delta = u16_at(s, deltas + 2 * i)?;
        let range = usize::from(u16_at(s, ranges + 2 * i)?);
        if range == 0 {
            return Some(cp.wrapping_add(delta));
        }
        let at = ranges + 2 * i + range + 2 * usize::from(cp - start);
        let g = u16_at(s, at)?;
        Some(if g == 0 { 0 } else { g.wrapping_add(delta) })
    }

    fn map12(&self, cp: u32) -> Option<u16> {
        let s = self.sub;
        let n = u32_at(s, 12)? as usize;
        let (mut lo, mut hi) = (0usize, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let g = 16 + 12 * mid;
            let (start, end) = (u32_at(s, g)?, u32_at(s, g + 4)?);
            if end < cp {
                lo = mid + 1;
            } else if start > cp {
                hi = mid;
            } else {
                return u16::try_from(u32_at(s, g + 8)?.checked_add(cp - start)?).ok();
            }
        }
        Some(0)
    }
}

/// Runs of consecutive code points whose glyph ids are consecutive too: (first, last, glyph
/// of first).
fn runs(map: &[(u32, u16)]) -> Vec<(u32, u32, u16)> {
    let mut out: Vec<(u32, u32, u16)> = Vec::new();
    for &(cp, g) in map {
        match out.last_mut() {
            Some((s, e, g0)) if cp == *e + 1 && u32::from(g) == u32::from(*g0) + (cp - *s) => {
                *e = cp
            }
            _ => out.push((cp, cp, g)),
        }
    }
    out
}

fn search_fields(count: u16, unit: u16) -> (u16, u16, u16) {
    let mut pow = 1u16;
    let mut log = 0u16;
    while pow <= count / 2 {
        pow *= 2;
        log += 1;
    }
    (pow * unit, log, count * unit - pow * unit)
}

/// A `cmap` table for `map` (code point → new glyph id, sorted by code point): format 4 for
/// the BMP, plus format 12 when a character lies beyond it. `None` when too large for
/// format 4.
pub fn write_cmap(map: &[(u32, u16)]) -> Option<Vec<u8>> {
    let bmp: Vec<(u32, u16)> = map.iter().copied().filter(|(c, _)| *c < 0xFFFF).collect();
    let mut segs = runs(&bmp);
    segs.push((0xFFFF, 0xFFFF, 0));
    let n = u16::try_from(segs.len()).ok()?;
    let len = u16::try_from(16 + 8 * segs.len()).ok()?;
    let mut f4 = Vec::with_capacity(usize::from(len));
    let (range, selector, shift) = search_fields(n, 2);
    for v in [4, len, 0, n * 2, range, selector, shift] {
        put16(&mut f4, v);
    }
    for s in &segs {
        put16(&mut f4, s.1 as u16);
    }
    put16(&mut f4, 0);
    for s in &segs {
        put16(&mut f4, s.0 as u16);
    }
    for s in &segs {
        // The last segment maps U+FFFF to glyph 0.
        let delta = if s.0 == 0xFFFF {
            1
        } else {
            s.2.wrapping_sub(s.0 as u16)
        };
        put16(&mut f4, delta);
    }
    for _ in &segs {
        put16(&mut f4, 0);
    }
    let wide = map.last().is_some_and(|(c, _)| *c > 0xFFFF);
    let mut f12 = Vec::new();
    if wide {
        let groups = runs(map);
        put16(&mut f12, 12);
        put16(&mut f12, 0);
        put32(&mut f12, 16 + 12 * groups.len() as u32);
        put32(&mut f12, 0);
        put32(&mut f12, groups.len() as u32);
        for (s, e, g) in groups {
            put32(&mut f12, s);
            put32(&mut f12, e);
            put32(&mut f12, u32::from(g));
        }
    }
    let records: &[(u16, u16, bool)] = if wide {
        &[(0, 3, false), (0, 4, true), (3, 1, false), (3, 10, true)]
    } else {
        &[(0, 3, false), (3, 1, false)]
    };
    let head = 4 + 8 * records.len();
    let mut out = Vec::with_capacity(head + f4.len() + f12.len());
    put16(&mut out, 0);
    put16(&mut out, records.len() as u16);
    for &(p, e, big) in records {
        put16(&mut out, p);
        put16(&mut out, e);
        put32(&mut out, (if big { head + f4.len() } else { head }) as u32);
    }
    out.extend(f4);
    out.extend(f12);
    Some(out)
}

fn checksum(d: &[u8]) -> u32 {
    let words = d.chunks_exact(4);
    let rest = words.remainder();
    let mut last = [0u8; 4];
    last[..rest.len()].copy_from_slice(rest);
    words.fold(u32::from_be_bytes(last), |sum, w| {
        sum.wrapping_add(u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
    })
}

/// A TrueType font file of `tables` (sorted by tag here), with table checksums and the
/// `head` checksum adjustment set.
pub fn assemble(mut tables: Vec<(Tag, Vec<u8>)>) -> Vec<u8> {
    tables.sort_by_key(|t| t.0);
    let n = tables.len() as u16;
    let mut out = Vec::new();
    put32(&mut out, 0x0001_0000);
    let (range, selector, shift) = search_fields(n, 16);
    for v in [n, range, selector, shift] {
        put16(&mut out, v);
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables.iter_mut() {
        if tag == b"head" && data.len() >= 12 {
            set32(data, 8, 0);
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        put32(&mut out, checksum(data));
        put32(&mut out, offset as u32);
        put32(&mut out, data.len() as u32);
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        set32(&mut out, at + 8, adjust);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_cmap_maps_back() {
        let map = vec![
            (0x20, 3),
            (0x41, 4),
            (0x42, 5),
            (0x43, 6),
            (0x2014, 2),
            (0x1F600, 7),
        ];
        let t = write_cmap(&map).unwrap();
        let cmap = Cmap::parse(&t).unwrap();
        for (c, g) in &map {
            assert_eq!(cmap.map(char::from_u32(*c).unwrap()), *g);
        }
        assert_eq!(cmap.map('Z'), 0);
        let bmp_only = write_cmap(&map[..5]).unwrap();
        let cmap = Cmap::parse(&bmp_only).unwrap();
        assert_eq!(cmap.map('B'), 5);
        assert_eq!(cmap.map('\u{1F600}'), 0);
    }

    #[test]
    fn assembled_font_checksums_to_the_magic_number() {
        let mut head = vec![0u8; 54];
        head[0] = 1;
        let font = assemble(vec![(*b"zzzz", vec![1, 2, 3]), (*b"head", head)]);
        assert_eq!(checksum(&font), 0xB1B0_AFBA);
        let t = Tables::parse(&font).unwrap();
        assert_eq!(t.get(b"zzzz").unwrap(), &[1, 2, 3]);
        assert!(Tables::parse(&font[..20]).is_none());
    }

    #[test]
    fn truncated_reads_are_none() {
        assert_eq!(u16_at(&[1], 0), None);
        assert_eq!(u32_at(&[0, 0, 0, 1], 0), Some(1));
        assert_eq!(u16_at(&[0, 1], usize::MAX), None);
    }
}
