//! The OpenType layout tables of an EPUB font subset, so e-readers still kern and form
//! ligatures: `GSUB` keeps the ligature lookups of `liga`/`clig` (and the ligature glyphs the
//! kept characters can form are added to the subset), `GPOS` keeps the pair adjustments of
//! `kern` (glyph pairs and class pairs), `GDEF` keeps the glyph classes those lookups consult.
//! Each is restricted to the kept glyphs and renumbered; scripts and language systems are kept
//! with their feature lists remapped. Lookups are written behind extension subtables (32-bit
//! offsets), so a large subset cannot overflow. Anything this module does not understand is
//! left out rather than copied wrong. The subtables themselves are in `ligatures.rs` and
//! `pairs.rs`; this module walks the script, feature and lookup lists and writes them anew.

use super::coverage::{class_def, mapped, pack, write_class_def};
use super::ligatures::{ligatures, subset_ligatures};
use super::sfnt::{from, put16, put32, set32, u16_at, u32_at, Tables, Tag};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Gsub,
    Gpos,
}

impl Kind {
    fn features(self) -> &'static [&'static Tag] {
        match self {
            Kind::Gsub => &[b"liga", b"clig"],
            Kind::Gpos => &[b"kern"],
        }
    }
    /// The lookup type kept, and the extension type that wraps others.
    fn types(self) -> (u16, u16) {
        match self {
            Kind::Gsub => (4, 7),
            Kind::Gpos => (2, 9),
        }
    }
}

/// A `GSUB` or `GPOS` table being read.
pub struct Layout<'a> {
    kind: Kind,
    scripts: &'a [u8],
    features: &'a [u8],
    lookups: &'a [u8],
}

/// A lookup with its extension subtables resolved.
struct Lookup<'a> {
    kind: u16,
    flag: u16,
    subtables: Vec<&'a [u8]>,
}

impl<'a> Layout<'a> {
    pub fn parse(d: &'a [u8], kind: Kind) -> Option<Layout<'a>> {
        if u16_at(d, 0)? != 1 {
            return None;
        }
        Some(Layout {
            kind,
            scripts: from(d, usize::from(u16_at(d, 4)?))?,
            features: from(d, usize::from(u16_at(d, 6)?))?,
            lookups: from(d, usize::from(u16_at(d, 8)?))?,
        })
    }

    /// (feature tag, lookup indices) of every feature record; the lookups are read only for
    /// the kept features (the others are never written).
    fn feature_records(&self) -> Vec<(Tag, Vec<u16>)> {
        let f = self.features;
        let n = u16_at(f, 0).unwrap_or(0);
        (0..usize::from(n))
            .map(|i| {
                let tag: Tag = f
                    .get(2 + 6 * i..6 + 6 * i)
                    .and_then(|t| t.try_into().ok())
                    .unwrap_or(*b"    ");
                if !self.kind.features().contains(&&tag) {
                    return (tag, Vec::new());
                }
                let lookups = u16_at(f, 6 + 6 * i)
                    .and_then(|off| from(f, usize::from(off)))
                    .and_then(|ft| {
                        let k = u16_at(ft, 2)?;
                        (0..usize::from(k))
                            .map(|j| u16_at(ft, 4 + 2 * j))
                            .collect::<Option<Vec<u16>>>()
                    })
                    .unwrap_or_default();
                (tag, lookups)
            })
            .collect()
    }

    /// Indices of the lookups the kept features use.
    fn wanted(&self, records: &[(Tag, Vec<u16>)]) -> BTreeSet<u16> {
        records
            .iter()
            .filter(|(t, _)| self.kind.features().contains(&t))
            .flat_map(|(_, l)| l.iter().copied())
            .collect()
    }

    fn lookup(&self, i: u16) -> Option<Lookup<'a>> {
        let l = self.lookups;
        let t = from(l, usize::from(u16_at(l, 2 + 2 * usize::from(i))?))?;
        let (declared, flag, n) = (u16_at(t, 0)?, u16_at(t, 2)?, u16_at(t, 4)?);
        let ext = declared == self.kind.types().1;
        let mut kind = declared;
        let mut subtables = Vec::with_capacity(usize::from(n));
        for j in 0..usize::from(n) {
            let mut s = from(t, usize::from(u16_at(t, 6 + 2 * j)?))?;
            if ext {
                let inner = u16_at(s, 2)?;
                // All subtables of an extension lookup share one type.
                if u16_at(s, 0)? != 1 || (j > 0 && inner != kind) {
                    return None;
                }
                kind = inner;
                s = from(s, u32_at(s, 4)? as usize)?;
            }
            subtables.push(s);
        }
        Some(Lookup {
            kind,
            flag,
            subtables,
        })
    }

    /// Adds to `keep` the ligature glyphs that kept glyphs can form.
    pub fn close_ligatures(&self, keep: &mut BTreeSet<u16>, count: u16) {
        let records = self.feature_records();
        let lookups: Vec<Lookup> = self
            .wanted(&records)
            .into_iter()
            .filter_map(|i| self.lookup(i))
            .filter(|l| l.kind == 4)
            .collect();
        loop {
            let mut added = false;
            for st in lookups.iter().flat_map(|l| &l.subtables) {
                for (_, ligs) in ligatures(st).unwrap_or_default() {
                    for (glyph, comps) in ligs {
                        if glyph < count
                            && comps.iter().all(|c| keep.contains(c))
                            && keep.insert(glyph)
                        {
                            added = true;
                        }
                    }
                }
            }
            if !added {
                return;
            }
        }
    }

    /// The table restricted to the kept glyphs (`new_id[old]`, `u16::MAX` when dropped), or
    /// `None` when nothing of the kept features survives.
    pub fn subset(&self, new_id: &[u16]) -> Option<Vec<u8>> {
        let records = self.feature_records();
        let mut lookup_map: BTreeMap<u16, u16> = BTreeMap::new();
        let mut lookups: Vec<(u16, u16, Vec<Vec<u8>>)> = Vec::new();
        for i in self.wanted(&records) {
            let Some(l) = self.lookup(i) else { continue };
            // Mark filtering sets are not carried over; such lookups are left out.
            if l.kind != self.kind.types().0 || l.flag & 0x0010 != 0 {
                continue;
            }
            let subs: Vec<Vec<u8>> = l
                .subtables
                .iter()
                .filter_map(|st| match self.kind {
                    Kind::Gsub => subset_ligatures(st, new_id),
                    Kind::Gpos => super::pairs::subset_pairs(st, new_id),
                })
                .collect();
            if !subs.is_empty() {
                lookup_map.insert(i, lookups.len() as u16);
                lookups.push((l.kind, l.flag, subs));
            }
        }
        if lookups.is_empty() {
            return None;
        }
        let mut feature_map: BTreeMap<u16, u16> = BTreeMap::new();
        let mut features: Vec<(Tag, Vec<u16>)> = Vec::new();
        for (i, (tag, ls)) in records.iter().enumerate() {
            let kept: Vec<u16> = ls
                .iter()
                .filter_map(|l| lookup_map.get(l))
                .copied()
                .collect();
            if self.kind.features().contains(&tag) && !kept.is_empty() {
                feature_map.insert(i as u16, features.len() as u16);
                features.push((*tag, kept));
            }
        }
        let scripts = self.write_scripts(&feature_map)?;
        let mut feature_list = Vec::new();
        put16(&mut feature_list, features.len() as u16);
        let mut kids = Vec::new();
        for (i, (tag, ls)) in features.into_iter().enumerate() {
            feature_list.extend_from_slice(&tag);
            put16(&mut feature_list, 0);
            let mut ft = Vec::with_capacity(4 + 2 * ls.len());
            put16(&mut ft, 0);
            put16(&mut ft, ls.len() as u16);
            ls.into_iter().for_each(|l| put16(&mut ft, l));
            kids.push((6 + 6 * i, ft));
        }
        let feature_list = pack(feature_list, kids)?;
        let mut out = Vec::new();
        for v in [1u16, 0, 10] {
            put16(&mut out, v);
        }
        let features_at = u16::try_from(10 + scripts.len()).ok()?;
        let lookups_at = u16::try_from(10 + scripts.len() + feature_list.len()).ok()?;
        put16(&mut out, features_at);
        put16(&mut out, lookups_at);
        out.extend(scripts);
        out.extend(feature_list);
        write_lookups(&mut out, lookups, self.kind.types().1)?;
        Some(out)
    }

    /// The script list with every language system's feature indices remapped.
    fn write_scripts(&self, features: &BTreeMap<u16, u16>) -> Option<Vec<u8>> {
        let s = self.scripts;
        let n = usize::from(u16_at(s, 0)?);
        let mut head = Vec::with_capacity(2 + 6 * n);
        put16(&mut head, n as u16);
        let mut kids = Vec::with_capacity(n);
        for i in 0..n {
            head.extend_from_slice(s.get(2 + 6 * i..6 + 6 * i)?);
            put16(&mut head, 0);
            let script = from(s, usize::from(u16_at(s, 6 + 6 * i)?))?;
            kids.push((6 + 6 * i, write_script(script, features)?));
        }
        pack(head, kids)
    }
}

fn write_script(script: &[u8], features: &BTreeMap<u16, u16>) -> Option<Vec<u8>> {
    let default = u16_at(script, 0)?;
    let n = usize::from(u16_at(script, 2)?);
    let mut head = Vec::with_capacity(4 + 6 * n);
    put16(&mut head, 0);
    put16(&mut head, n as u16);
    let mut kids = Vec::new();
    if default != 0 {
        kids.push((
            0,
            write_langsys(from(script, usize::from(default))?, features)?,
        ));
    }
    for i in 0..n {
        head.extend_from_slice(script.get(4 + 6 * i..8 + 6 * i)?);
        put16(&mut head, 0);
        let ls = from(script, usize::from(u16_at(script, 8 + 6 * i)?))?;
        kids.push((8 + 6 * i, write_langsys(ls, features)?));
    }
    pack(head, kids)
}

fn write_langsys(ls: &[u8], features: &BTreeMap<u16, u16>) -> Option<Vec<u8>> {
    let required = u16_at(ls, 2)?;
    let n = usize::from(u16_at(ls, 4)?);
    let kept: Vec<u16> = (0..n)
        .map(|i| u16_at(ls, 6 + 2 * i))
        .collect::<Option<Vec<u16>>>()?
        .into_iter()
        .filter_map(|f| features.get(&f).copied())
        .collect();
    let mut out = Vec::with_capacity(6 + 2 * kept.len());
    put16(&mut out, 0);
    put16(&mut out, features.get(&required).copied().unwrap_or(0xFFFF));
    put16(&mut out, kept.len() as u16);
    kept.into_iter().for_each(|f| put16(&mut out, f));
    Some(out)
}

/// Appends the lookup list: each lookup as an extension lookup of its subtables, which follow
/// the list (so their offsets are 32-bit).
/// `None` when the list itself outgrows 16-bit offsets.
fn write_lookups(
    out: &mut Vec<u8>,
    lookups: Vec<(u16, u16, Vec<Vec<u8>>)>,
    ext: u16,
) -> Option<()> {
    put16(out, lookups.len() as u16);
    let mut at = 2 + 2 * lookups.len();
    for (_, _, subs) in &lookups {
        put16(out, u16::try_from(at).ok()?);
        at += 6 + 10 * subs.len();
    }
    let mut pending = Vec::new();
    for (kind, flag, subs) in lookups {
        put16(out, ext);
        put16(out, flag);
        put16(out, subs.len() as u16);
        for k in 0..subs.len() {
            put16(out, (6 + 2 * subs.len() + 8 * k) as u16);
        }
        for sub in subs {
            let ext_at = out.len();
            put16(out, 1);
            put16(out, kind);
            put32(out, 0);
            pending.push((ext_at, sub));
        }
    }
    for (ext_at, sub) in pending {
        let rel = u32::try_from(out.len() - ext_at).ok()?;
        set32(out, ext_at + 4, rel);
        out.extend(sub);
    }
    Some(())
}

/// `GSUB`, `GPOS` and `GDEF` for the subset, those that keep anything.
pub fn subset_tables(t: &Tables, gsub: Option<&Layout>, new_id: &[u16]) -> Vec<(Tag, Vec<u8>)> {
    let mut out = Vec::new();
    if let Some(d) = gsub.and_then(|g| g.subset(new_id)) {
        out.push((*b"GSUB", d));
    }
    let gpos = t.get(b"GPOS").and_then(|d| Layout::parse(d, Kind::Gpos));
    if let Some(d) = gpos.and_then(|g| g.subset(new_id)) {
        out.push((*b"GPOS", d));
    }
    if !out.is_empty() {
        if let Some(d) = t.get(b"GDEF").and_then(|d| subset_gdef(d, new_id)) {
            out.push((*b"GDEF", d));
        }
    }
    out
}

/// GDEF 1.0 with the glyph classes and mark attachment classes of the kept glyphs.
fn subset_gdef(gdef: &[u8], new_id: &[u16]) -> Option<Vec<u8>> {
    if u16_at(gdef, 0)? != 1 {
        return None;
    }
    let mut head = Vec::new();
    for v in [1u16, 0, 0, 0, 0, 0] {
        put16(&mut head, v);
    }
    let mut kids = Vec::new();
    for (field, at) in [(4usize, 4usize), (10, 10)] {
        let off = usize::from(u16_at(gdef, field)?);
        if off == 0 {
            continue;
        }
        let classes = class_def(from(gdef, off)?)?;
        let kept: Vec<(u16, u16)> = classes
            .iter()
            .flat_map(|&(s, e, c)| (s..=e).map(move |g| (g, c)))
            .filter_map(|(g, c)| Some((mapped(new_id, g)?, c)))
            .collect();
        kids.push((at, write_class_def(&kept)));
    }
    pack(head, kids)
}
