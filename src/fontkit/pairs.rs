//! Kerning in the EPUB font subsets: pair adjustment subtables (`GPOS` lookup type 2) of both
//! formats, restricted to the kept glyphs and renumbered. Glyph pairs (format 1) keep the pairs
//! whose two glyphs are kept; class pairs (format 2) keep the classes that still have glyphs,
//! renumbered, with their rows and columns of values. Device tables are dropped from the value
//! records (their format bits cleared), the rest of each value is copied as it is.

use super::coverage::{
    class_def, class_of, coverage, mapped, pack, write_class_def, write_coverage,
};
use super::sfnt::{from, put16, u16_at};

/// Size in bytes of a value record of this format.
fn value_size(format: u16) -> usize {
    2 * (format & 0xFF).count_ones() as usize
}

/// Copies the value record at `at` without its device offsets.
fn copy_value(d: &[u8], at: usize, format: u16, out: &mut Vec<u8>) -> Option<()> {
    let mut k = 0;
    for bit in 0..8 {
        if format & (1 << bit) != 0 {
            let v = u16_at(d, at + 2 * k)?;
            if bit < 4 {
                put16(out, v);
            }
            k += 1;
        }
    }
    Some(())
}

/// The pair adjustment subtable `st` for the kept glyphs, `None` when nothing is left.
pub fn subset_pairs(st: &[u8], new_id: &[u16]) -> Option<Vec<u8>> {
    let firsts = coverage(from(st, usize::from(u16_at(st, 2)?))?)?;
    let (vf1, vf2) = (u16_at(st, 4)?, u16_at(st, 6)?);
    match u16_at(st, 0)? {
        1 => glyph_pairs(st, &firsts, vf1, vf2, new_id),
        2 => class_pairs(st, &firsts, vf1, vf2, new_id),
        _ => None,
    }
}

fn glyph_pairs(st: &[u8], firsts: &[u16], vf1: u16, vf2: u16, new_id: &[u16]) -> Option<Vec<u8>> {
    let rec = 2 + value_size(vf1) + value_size(vf2);
    let mut kept_firsts = Vec::new();
    let mut sets = Vec::new();
    for (i, &first) in firsts.iter().enumerate() {
        let Some(first) = mapped(new_id, first) else {
            continue;
        };
        let set = from(st, usize::from(u16_at(st, 10 + 2 * i)?))?;
        let n = usize::from(u16_at(set, 0)?);
        let mut out = vec![0, 0];
        let mut count = 0u16;
        for j in 0..n {
            let at = 2 + rec * j;
            let Some(second) = mapped(new_id, u16_at(set, at)?) else {
                continue;
            };
            put16(&mut out, second);
            copy_value(set, at + 2, vf1, &mut out)?;
            copy_value(set, at + 2 + value_size(vf1), vf2, &mut out)?;
            count += 1;
        }
        if count > 0 {
            out[..2].copy_from_slice(&count.to_be_bytes());
            kept_firsts.push(first);
            sets.push(out);
        }
    }
    if sets.is_empty() {
        return None;
    }
    let mut head = Vec::new();
    for v in [1, 0, vf1 & 0xF, vf2 & 0xF, sets.len() as u16] {
        put16(&mut head, v);
    }
    let mut kids = vec![(2, write_coverage(&kept_firsts))];
    for (i, set) in sets.into_iter().enumerate() {
        put16(&mut head, 0);
        kids.push((10 + 2 * i, set));
    }
    pack(head, kids)
}

/// The classes in use (of `n`) renumbered in their order, class 0 staying 0: returns old →
/// new (`u16::MAX` for a class dropped) and new → old.
fn renumber(mut used: Vec<u16>, n: u16) -> (Vec<u16>, Vec<u16>) {
    used.sort_unstable();
    used.dedup();
    let mut map = vec![u16::MAX; usize::from(n)];
    map[0] = 0;
    let mut order = vec![0u16];
    for c in used.into_iter().filter(|&c| c != 0) {
        map[usize::from(c)] = order.len() as u16;
        order.push(c);
    }
    (map, order)
}

fn class_pairs(st: &[u8], firsts: &[u16], vf1: u16, vf2: u16, new_id: &[u16]) -> Option<Vec<u8>> {
    let cd1 = class_def(from(st, usize::from(u16_at(st, 8)?))?)?;
    let cd2 = class_def(from(st, usize::from(u16_at(st, 10)?))?)?;
    let (n1, n2) = (u16_at(st, 12)?, u16_at(st, 14)?);
    let rec = value_size(vf1) + value_size(vf2);
    // Covered first glyphs that are kept, with their class.
    let kept_firsts: Vec<(u16, u16)> = firsts
        .iter()
        .filter_map(|&g| Some((mapped(new_id, g)?, class_of(&cd1, g))))
        .filter(|&(_, c)| c < n1)
        .collect();
    if kept_firsts.is_empty() {
        return None;
    }
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let mut second_classes = Vec::new();
    for &(s, e, c) in &cd2 {
        if c >= n2 {
            continue;
        }
        for g in s..=e {
            if let Some(n) = mapped(new_id, g) {
                second_classes.push((n, c));
            }
        }
    }
    let (map1, order1) = renumber(kept_firsts.iter().map(|&(_, c)| c).collect(), n1);
    let (map2, order2) = renumber(second_classes.iter().map(|&(_, c)| c).collect(), n2);
    let mut head = Vec::new();
    for v in [2, 0, vf1 & 0xF, vf2 & 0xF, 0, 0] {
        put16(&mut head, v);
    }
    put16(&mut head, order1.len() as u16);
    put16(&mut head, order2.len() as u16);
    for &c1 in &order1 {
        for &c2 in &order2 {
            let at = 16 + rec * (usize::from(c1) * usize::from(n2) + usize::from(c2));
            copy_value(st, at, vf1, &mut head)?;
            copy_value(st, at + value_size(vf1), vf2, &mut head)?;
        }
    }
    let firsts_new: Vec<u16> = kept_firsts.iter().map(|&(g, _)| g).collect();
    let classes1: Vec<(u16, u16)> = kept_firsts
        .iter()
        .map(|&(g, c)| (g, map1[usize::from(c)]))
        .collect();
    let classes2: Vec<(u16, u16)> = second_classes
        .into_iter()
        .map(|(g, c)| (g, map2[usize::from(c)]))
        .collect();
    pack(
        head,
        vec![
            (2, write_coverage(&firsts_new)),
            (8, write_class_def(&classes1)),
            (10, write_class_def(&classes2)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A format 1 subtable: glyph 5 kerns with 6 (-40) and 7 (-20); values are XAdvance.
    fn format1() -> Vec<u8> {
        let mut st = Vec::new();
        for v in [1u16, 14, 4, 0, 1, 20] {
            put16(&mut st, v);
        }
        st.extend([0, 0]);
        // coverage at 14: format 1, one glyph (5)
        for v in [1u16, 1, 5] {
            put16(&mut st, v);
        }
        // pair set at 20
        for v in [2u16, 6, (-40i16) as u16, 7, (-20i16) as u16] {
            put16(&mut st, v);
        }
        st
    }

    #[test]
    fn glyph_pairs_keep_only_kept_pairs_renumbered() {
        // Keep 5 → 1 and 7 → 2; 6 is dropped.
        let mut new_id = vec![u16::MAX; 10];
        new_id[5] = 1;
        new_id[7] = 2;
        let out = subset_pairs(&format1(), &new_id).unwrap();
        assert_eq!(
            coverage(&out[usize::from(u16_at(&out, 2).unwrap())..]).unwrap(),
            [1]
        );
        let set = &out[usize::from(u16_at(&out, 10).unwrap())..];
        assert_eq!(u16_at(set, 0), Some(1));
        assert_eq!(u16_at(set, 2), Some(2));
        assert_eq!(u16_at(set, 4), Some((-20i16) as u16));
        new_id[7] = u16::MAX;
        assert!(subset_pairs(&format1(), &new_id).is_none());
    }

    #[test]
    fn device_offsets_are_dropped_from_values() {
        let mut out = Vec::new();
        // XAdvance (0x4) and XAdvDevice (0x40).
        copy_value(&[0, 9, 0, 33], 0, 0x44, &mut out).unwrap();
        assert_eq!(out, [0, 9]);
        assert_eq!(value_size(0x44), 4);
    }
}
