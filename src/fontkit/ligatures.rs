//! Ligatures in the EPUB font subsets: ligature substitution subtables (`GSUB` lookup type 4)
//! read for the closure (which ligature glyphs the kept characters can form) and written back
//! restricted to the kept glyphs, renumbered, in their original order of preference.

use super::coverage::{coverage, mapped, pack, write_coverage};
use super::sfnt::{from, put16, u16_at};

/// The ligature sets of a ligature substitution: (first glyph, [(ligature, components)]).
pub type LigatureSets = Vec<(u16, Vec<(u16, Vec<u16>)>)>;

pub fn ligatures(st: &[u8]) -> Option<LigatureSets> {
    if u16_at(st, 0)? != 1 {
        return None;
    }
    let firsts = coverage(from(st, usize::from(u16_at(st, 2)?))?)?;
    let mut out = Vec::with_capacity(firsts.len());
    for (i, first) in firsts.into_iter().enumerate() {
        let set = from(st, usize::from(u16_at(st, 6 + 2 * i)?))?;
        let n = usize::from(u16_at(set, 0)?);
        let mut ligs = Vec::with_capacity(n);
        for j in 0..n {
            let lig = from(set, usize::from(u16_at(set, 2 + 2 * j)?))?;
            let count = usize::from(u16_at(lig, 2)?);
            let mut comps = vec![first];
            for k in 1..count {
                comps.push(u16_at(lig, 2 + 2 * k)?);
            }
            ligs.push((u16_at(lig, 0)?, comps));
        }
        out.push((first, ligs));
    }
    Some(out)
}

pub fn subset_ligatures(st: &[u8], new_id: &[u16]) -> Option<Vec<u8>> {
    let mut firsts = Vec::new();
    let mut sets = Vec::new();
    for (first, ligs) in ligatures(st)? {
        let Some(first) = mapped(new_id, first) else {
            continue;
        };
        let mut set_head = Vec::new();
        let mut kids = Vec::new();
        for (glyph, comps) in ligs {
            let (Some(glyph), Some(comps)) = (
                mapped(new_id, glyph),
                comps
                    .iter()
                    .map(|&c| mapped(new_id, c))
                    .collect::<Option<Vec<u16>>>(),
            ) else {
                continue;
            };
            let mut lig = Vec::with_capacity(2 + 2 * comps.len());
            put16(&mut lig, glyph);
            put16(&mut lig, comps.len() as u16);
            comps[1..].iter().for_each(|&c| put16(&mut lig, c));
            kids.push((2 + 2 * kids.len(), lig));
        }
        if kids.is_empty() {
            continue;
        }
        put16(&mut set_head, kids.len() as u16);
        kids.iter().for_each(|_| put16(&mut set_head, 0));
        firsts.push(first);
        sets.push(pack(set_head, kids)?);
    }
    if firsts.is_empty() {
        return None;
    }
    let mut head = Vec::new();
    put16(&mut head, 1);
    put16(&mut head, 0);
    put16(&mut head, sets.len() as u16);
    let mut kids = vec![(2, write_coverage(&firsts))];
    for (i, set) in sets.into_iter().enumerate() {
        put16(&mut head, 0);
        kids.push((6 + 2 * i, set));
    }
    pack(head, kids)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyph 3 ("f") + 4 ("i") → 9, and 3 + 3 → 8, in one ligature set.
    fn fi_ff() -> Vec<u8> {
        let mut st = Vec::new();
        // format, coverage offset, set count, set offset
        for v in [1u16, 8, 1, 14] {
            put16(&mut st, v);
        }
        // coverage at 8: format 1, [3]
        for v in [1u16, 1, 3] {
            put16(&mut st, v);
        }
        // set at 14: two ligatures at 6 and 12 from the set
        for v in [2u16, 6, 12] {
            put16(&mut st, v);
        }
        for v in [9u16, 2, 4, 8, 2, 3] {
            put16(&mut st, v);
        }
        st
    }

    #[test]
    fn ligatures_are_read_with_all_components() {
        assert_eq!(
            ligatures(&fi_ff()).unwrap(),
            vec![(3, vec![(9, vec![3, 4]), (8, vec![3, 3])])]
        );
        assert!(ligatures(&fi_ff()[..20]).is_none());
    }

    #[test]
    fn subset_keeps_ligatures_whose_glyphs_all_stay() {
        // Keep 3, 4, 9 (renumbered 1, 2, 3); 8 is dropped, so ff goes.
        let mut new_id = vec![u16::MAX; 12];
        new_id[3] = 1;
        new_id[4] = 2;
        new_id[9] = 3;
        let out = subset_ligatures(&fi_ff(), &new_id).unwrap();
        assert_eq!(ligatures(&out).unwrap(), vec![(1, vec![(3, vec![1, 2])])]);
        new_id[9] = u16::MAX;
        assert!(subset_ligatures(&fi_ff(), &new_id).is_none());
    }
}
