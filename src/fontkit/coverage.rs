//! The small shared structures of OpenType layout tables, read and written for the EPUB font
//! subsetter: coverage tables (which glyphs a subtable applies to), class definitions (glyph →
//! class), and packing a table header with its child tables behind 16-bit offsets.

use super::sfnt::{put16, set16, u16_at};

/// The new id of old glyph `g` (`new_id[g]`, `u16::MAX` when the glyph is dropped).
pub fn mapped(new_id: &[u16], g: u16) -> Option<u16> {
    new_id
        .get(usize::from(g))
        .copied()
        .filter(|&n| n != u16::MAX)
}

/// The glyphs of a coverage table in coverage-index order.
pub fn coverage(d: &[u8]) -> Option<Vec<u16>> {
    let n = usize::from(u16_at(d, 2)?);
    match u16_at(d, 0)? {
        1 => (0..n).map(|i| u16_at(d, 4 + 2 * i)).collect(),
        2 => {
            let mut out = Vec::new();
            for i in 0..n {
                let (s, e) = (u16_at(d, 4 + 6 * i)?, u16_at(d, 6 + 6 * i)?);
                out.extend(s..=e.max(s));
            }
            Some(out)
        }
        _ => None,
    }
}

/// A coverage table of `glyphs` (ascending): format 1, or format 2 when ranges are shorter.
pub fn write_coverage(glyphs: &[u16]) -> Vec<u8> {
    let mut ranges: Vec<(u16, u16, u16)> = Vec::new();
    for (i, &g) in glyphs.iter().enumerate() {
        match ranges.last_mut() {
            Some((_, e, _)) if g == e.wrapping_add(1) => *e = g,
            _ => ranges.push((g, g, i as u16)),
        }
    }
    let mut out = Vec::new();
    if 6 * ranges.len() < 2 * glyphs.len() {
        put16(&mut out, 2);
        put16(&mut out, ranges.len() as u16);
        for (s, e, i) in ranges {
            put16(&mut out, s);
            put16(&mut out, e);
            put16(&mut out, i);
        }
    } else {
        put16(&mut out, 1);
        put16(&mut out, glyphs.len() as u16);
        glyphs.iter().for_each(|&g| put16(&mut out, g));
    }
    out
}

/// A class definition as (first glyph, last glyph, class) ranges, sorted by first glyph.
pub fn class_def(d: &[u8]) -> Option<Vec<(u16, u16, u16)>> {
    let mut out = Vec::new();
    match u16_at(d, 0)? {
        1 => {
            let start = u16_at(d, 2)?;
            let n = u16_at(d, 4)?;
            for i in 0..n {
                let class = u16_at(d, 6 + 2 * usize::from(i))?;
                let g = start.checked_add(i)?;
                if class != 0 {
                    out.push((g, g, class));
                }
            }
        }
        2 => {
            let n = usize::from(u16_at(d, 2)?);
            for i in 0..n {
                let r = 4 + 6 * i;
                let (s, e, c) = (u16_at(d, r)?, u16_at(d, r + 2)?, u16_at(d, r + 4)?);
                if c != 0 && s <= e {
                    out.push((s, e, c));
                }
            }
            out.sort_unstable();
        }
        _ => return None,
    }
    Some(out)
}

/// The class of glyph `g` in sorted ranges (0 when it has none).
pub fn class_of(ranges: &[(u16, u16, u16)], g: u16) -> u16 {
    let i = ranges.partition_point(|r| r.0 <= g);
    match i.checked_sub(1).map(|i| ranges[i]) {
        Some((_, e, c)) if g <= e => c,
        _ => 0,
    }
}

/// A class definition (format 2) of (glyph, class) pairs; class 0 entries are left out.
pub fn write_class_def(pairs: &[(u16, u16)]) -> Vec<u8> {
    let mut sorted: Vec<(u16, u16)> = pairs.iter().copied().filter(|p| p.1 != 0).collect();
    sorted.sort_unstable();
    let mut ranges: Vec<(u16, u16, u16)> = Vec::new();
    for (g, c) in sorted {
        match ranges.last_mut() {
            Some((_, e, rc)) if *rc == c && g == e.wrapping_add(1) => *e = g,
            Some((_, e, _)) if g == *e => {}
            _ => ranges.push((g, g, c)),
        }
    }
    let mut out = Vec::with_capacity(4 + 6 * ranges.len());
    put16(&mut out, 2);
    put16(&mut out, ranges.len() as u16);
    for (s, e, c) in ranges {
        put16(&mut out, s);
        put16(&mut out, e);
        put16(&mut out, c);
    }
    out
}

/// `head` followed by each child, with the 16-bit offset at each child's position in `head`
/// set to where it lands. `None` when an offset does not fit.
pub fn pack(head: Vec<u8>, kids: Vec<(usize, Vec<u8>)>) -> Option<Vec<u8>> {
    let mut out = head;
    for (at, kid) in kids {
        let off = u16::try_from(out.len()).ok()?;
        if at + 2 > out.len() {
            return None;
        }
        set16(&mut out, at, off);
        out.extend(kid);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_round_trips_in_both_formats() {
        for glyphs in [vec![3u16, 9, 40], (10u16..60).collect::<Vec<_>>()] {
            let t = write_coverage(&glyphs);
            assert_eq!(coverage(&t).unwrap(), glyphs);
        }
        assert_eq!(write_coverage(&(10..60).collect::<Vec<_>>())[1], 2);
        assert_eq!(coverage(&[0, 3, 0, 0]), None);
    }

    #[test]
    fn class_def_round_trips() {
        let pairs = vec![(5u16, 1u16), (6, 1), (7, 2), (9, 1), (12, 0)];
        let ranges = class_def(&write_class_def(&pairs)).unwrap();
        assert_eq!(ranges, vec![(5, 6, 1), (7, 7, 2), (9, 9, 1)]);
        assert_eq!(class_of(&ranges, 6), 1);
        assert_eq!(class_of(&ranges, 8), 0);
        assert_eq!(class_of(&ranges, 12), 0);
        assert_eq!(class_of(&ranges, 1), 0);
        // Format 1: start 4, classes 0, 3.
        assert_eq!(
            class_def(&[0, 1, 0, 4, 0, 2, 0, 0, 0, 3]).unwrap(),
            vec![(5, 5, 3)]
        );
    }

    #[test]
    fn pack_sets_offsets_and_refuses_overflow() {
        let out = pack(vec![0, 0, 0, 0], vec![(0, vec![7]), (2, vec![8, 9])]).unwrap();
        assert_eq!(out, vec![0, 4, 0, 5, 7, 8, 9]);
        assert!(pack(vec![0, 0], vec![(0, vec![0; 70_000]), (0, vec![1])]).is_none());
    }
}
