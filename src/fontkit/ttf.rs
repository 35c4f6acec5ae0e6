//! Subsetting a TrueType-outline font for the EPUB: the glyphs of the kept characters, the
//! ligatures they can form (`layout.rs`) and the parts of composite glyphs, renumbered in their
//! original order. Writes `glyf`/`loca`/`hmtx` for those glyphs, a Unicode `cmap` for the kept
//! characters, patched `head`/`hhea`/`maxp`/`OS/2`/`post`, keeps hinting (`cvt `, `fpgm`,
//! `prep`, `gasp`) as it is and, of `name`, the Windows names readers show with the copyright
//! and licence. Characters may also be mapped to another character's glyph (the replacement
//! box for characters no font has). Kerning and ligatures
//! survive through the subset `GSUB`/`GPOS`/`GDEF`. Other tables (vertical metrics, variations,
//! `STAT`, …) are dropped.

use super::layout;
use super::sfnt::{self, put16, put32, set16, set32, u16_at, u32_at, Cmap, Tables, Tag};
use std::collections::{BTreeMap, BTreeSet};

/// Tables copied as they are.
const VERBATIM: [&Tag; 4] = [b"cvt ", b"fpgm", b"prep", b"gasp"];

/// Names kept: copyright, family, style, unique id, full name, version, PostScript name,
/// licence and its URL, typographic family and style.
const NAME_IDS: [u16; 11] = [0, 1, 2, 3, 4, 5, 6, 13, 14, 16, 17];

/// The `name` table with only the Windows-platform records of [`NAME_IDS`] (the names
/// readers show, and the copyright and licence); the whole table when it has none of those.
fn trim_names(name: &[u8]) -> Option<Vec<u8>> {
    let n = usize::from(u16_at(name, 2)?);
    let storage = usize::from(u16_at(name, 4)?);
    let mut records = Vec::new();
    let mut strings = Vec::new();
    for i in 0..n {
        let r = 6 + 12 * i;
        let rec = name.get(r..r + 12)?;
        let (platform, id) = (u16_at(rec, 0)?, u16_at(rec, 6)?);
        if platform != 3 || !NAME_IDS.contains(&id) {
            continue;
        }
        let (len, off) = (usize::from(u16_at(rec, 8)?), usize::from(u16_at(rec, 10)?));
        let text = name.get(storage + off..storage + off + len)?;
        records.extend_from_slice(&rec[..8]);
        put16(&mut records, len as u16);
        put16(&mut records, u16::try_from(strings.len()).ok()?);
        strings.extend_from_slice(text);
    }
    if records.is_empty() {
        return Some(name.to_vec());
    }
    let count = records.len() / 12;
    let mut out = Vec::with_capacity(6 + records.len() + strings.len());
    put16(&mut out, 0);
    put16(&mut out, count as u16);
    put16(&mut out, (6 + records.len()) as u16);
    out.extend(records);
    out.extend(strings);
    Some(out)
}

/// Why a font cannot be subset here (the caller falls back or reports it).
#[derive(Debug, PartialEq)]
pub enum Error {
    /// Not TrueType outlines (CFF, bitmap only).
    NotTrueType,
    /// A table is missing or malformed.
    Malformed(&'static str),
}

fn bad(what: &'static str) -> Error {
    Error::Malformed(what)
}

struct Glyf<'a> {
    glyf: &'a [u8],
    loca: &'a [u8],
    long: bool,
    count: u16,
}

impl<'a> Glyf<'a> {
    fn data(&self, g: u16) -> Option<&'a [u8]> {
        let g = usize::from(g);
        let (a, b) = if self.long {
            (
                u32_at(self.loca, 4 * g)? as usize,
                u32_at(self.loca, 4 * g + 4)? as usize,
            )
        } else {
            (
                2 * usize::from(u16_at(self.loca, 2 * g)?),
                2 * usize::from(u16_at(self.loca, 2 * g + 2)?),
            )
        };
        self.glyf.get(a..b.max(a))
    }
}

/// Positions of the component glyph ids in a composite glyph (empty for a simple one).
fn components(data: &[u8]) -> Option<Vec<usize>> {
    if data.len() < 10 || (u16_at(data, 0)? as i16) >= 0 {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    let mut at = 10;
    loop {
        let flags = u16_at(data, at)?;
        u16_at(data, at + 2)?;
        out.push(at + 2);
        at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
        at += match flags {
            f if f & 0x0008 != 0 => 2,
            f if f & 0x0040 != 0 => 4,
            f if f & 0x0080 != 0 => 8,
            _ => 0,
        };
        if flags & 0x0020 == 0 {
            return Some(out);
        }
    }
}

/// Subsets the font to `chars`. Returns the font file.
pub fn subset(bytes: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, Error> {
    subset_with(bytes, chars, &BTreeMap::new())
}

/// The tables of the font a subset is made from.
struct Source<'a> {
    t: Tables<'a>,
    head: &'a [u8],
    maxp: &'a [u8],
    hhea: &'a [u8],
    hmtx: &'a [u8],
    cmap: Cmap<'a>,
    glyf: Glyf<'a>,
}

impl<'a> Source<'a> {
    fn parse(bytes: &'a [u8]) -> Result<Source<'a>, Error> {
        let t = Tables::parse(bytes).ok_or(bad("table directory"))?;
        if t.version == u32::from_be_bytes(*b"OTTO") || t.get(b"glyf").is_none() {
            return Err(Error::NotTrueType);
        }
        let need = |tag: &'static Tag, what: &'static str| t.get(tag).ok_or(bad(what));
        let head = need(b"head", "head")?;
        let maxp = need(b"maxp", "maxp")?;
        let hhea = need(b"hhea", "hhea")?;
        let hmtx = need(b"hmtx", "hmtx")?;
        let cmap = Cmap::parse(need(b"cmap", "cmap")?).ok_or(bad("Unicode cmap"))?;
        let glyf = Glyf {
            glyf: need(b"glyf", "glyf")?,
            loca: need(b"loca", "loca")?,
            long: u16_at(head, 50).ok_or(bad("head"))? == 1,
            count: u16_at(maxp, 4).ok_or(bad("maxp"))?,
        };
        if head.len() < 54 || hhea.len() < 36 || maxp.len() < 6 {
            return Err(bad("head/hhea/maxp"));
        }
        Ok(Source {
            t,
            head,
            maxp,
            hhea,
            hmtx,
            cmap,
            glyf,
        })
    }

    /// The kept characters with their (old) glyphs, in character order.
    fn char_map(&self, chars: &BTreeSet<char>, aliases: &BTreeMap<char, char>) -> Vec<(u32, u16)> {
        let (cmap, count) = (&self.cmap, self.glyf.count);
        let mut map: Vec<(u32, u16)> = Vec::new();
        for &c in chars {
            let g = cmap.map(c);
            if g != 0 && g < count {
                map.push((c as u32, g));
            }
        }
        for (&c, &to) in aliases {
            let g = cmap.map(to);
            if g != 0 && g < count && cmap.map(c) == 0 {
                map.push((c as u32, g));
            }
        }
        map.sort_unstable();
        map
    }

    /// The glyphs kept: `.notdef`, those of `map`, the ligatures they can form and the parts
    /// of composite glyphs.
    fn kept(
        &self,
        map: &[(u32, u16)],
        gsub: Option<&layout::Layout>,
    ) -> Result<BTreeSet<u16>, Error> {
        let count = self.glyf.count;
        let mut keep: BTreeSet<u16> = BTreeSet::from([0]);
        keep.extend(map.iter().map(|(_, g)| *g));
        if let Some(gsub) = gsub {
            gsub.close_ligatures(&mut keep, count);
        }
        let mut todo: Vec<u16> = keep.iter().copied().collect();
        while let Some(g) = todo.pop() {
            let data = self.glyf.data(g).ok_or(bad("loca"))?;
            for at in components(data).ok_or(bad("glyf"))? {
                let c = u16_at(data, at).ok_or(bad("glyf"))?;
                if c < count && keep.insert(c) {
                    todo.push(c);
                }
            }
        }
        Ok(keep)
    }

    /// `glyf` and `loca` (long offsets) of the kept glyphs, components renumbered.
    fn glyf_loca(&self, keep: &BTreeSet<u16>, new_id: &[u16]) -> Result<(Vec<u8>, Vec<u8>), Error> {
        let mut glyf_out = Vec::new();
        let mut loca_out = Vec::with_capacity(4 * (keep.len() + 1));
        for &g in keep {
            put32(&mut loca_out, glyf_out.len() as u32);
            let data = self.glyf.data(g).ok_or(bad("loca"))?;
            let start = glyf_out.len();
            glyf_out.extend_from_slice(data);
            for at in components(data).ok_or(bad("glyf"))? {
                let old = u16_at(data, at).ok_or(bad("glyf"))?;
                let new = new_id.get(usize::from(old)).copied().unwrap_or(0);
                set16(
                    &mut glyf_out,
                    start + at,
                    if new == u16::MAX { 0 } else { new },
                );
            }
            glyf_out.resize(glyf_out.len().div_ceil(4) * 4, 0);
        }
        put32(&mut loca_out, glyf_out.len() as u32);
        Ok((glyf_out, loca_out))
    }

    /// `hmtx` of the kept glyphs, every one with its own advance.
    fn hmtx(&self, keep: &BTreeSet<u16>) -> Result<Vec<u8>, Error> {
        let (hhea, hmtx) = (self.hhea, self.hmtx);
        let metrics = usize::from(u16_at(hhea, 34).ok_or(bad("hhea"))?).max(1);
        let mut hmtx_out = Vec::with_capacity(4 * keep.len());
        for &g in keep {
            let g = usize::from(g);
            let adv = u16_at(hmtx, 4 * (g.min(metrics - 1))).ok_or(bad("hmtx"))?;
            let lsb = if g < metrics {
                u16_at(hmtx, 4 * g + 2)
            } else {
                u16_at(hmtx, 4 * metrics + 2 * (g - metrics))
            }
            .ok_or(bad("hmtx"))?;
            put16(&mut hmtx_out, adv);
            put16(&mut hmtx_out, lsb);
        }
        Ok(hmtx_out)
    }

    /// `head`, `hhea`, `maxp` and `post` patched for `n` glyphs (long `loca`, no glyph names).
    fn patched(&self, n: u16) -> Result<[(Tag, Vec<u8>); 4], Error> {
        let mut head_out = self.head.to_vec();
        set16(&mut head_out, 50, 1);
        let mut hhea_out = self.hhea.to_vec();
        set16(&mut hhea_out, 34, n);
        let mut maxp_out = self.maxp.to_vec();
        set16(&mut maxp_out, 4, n);
        let post = self.t.get(b"post").ok_or(bad("post"))?;
        let mut post_out = post.get(..32).ok_or(bad("post"))?.to_vec();
        set32(&mut post_out, 0, 0x0003_0000);
        Ok([
            (*b"head", head_out),
            (*b"hhea", hhea_out),
            (*b"maxp", maxp_out),
            (*b"post", post_out),
        ])
    }
}

/// Subsets the font to `chars`, and maps each character of `aliases` to the glyph of the
/// character it names (so a reader draws the replacement box for a character no font has, as
/// the PDF does). Returns the font file.
pub fn subset_with(
    bytes: &[u8],
    chars: &BTreeSet<char>,
    aliases: &BTreeMap<char, char>,
) -> Result<Vec<u8>, Error> {
    let src = Source::parse(bytes)?;
    let t = &src.t;
    let mut map = src.char_map(chars, aliases);
    let gsub = t
        .get(b"GSUB")
        .and_then(|d| layout::Layout::parse(d, layout::Kind::Gsub));
    let keep = src.kept(&map, gsub.as_ref())?;
    // Old → new ids (order kept).
    let mut new_id = vec![u16::MAX; usize::from(src.glyf.count)];
    for (i, &g) in keep.iter().enumerate() {
        // a glyph the font does not have (a cmap or a ligature naming one past its count)
        *new_id.get_mut(usize::from(g)).ok_or(bad("glyph ids"))? = i as u16;
    }
    let (glyf_out, loca_out) = src.glyf_loca(&keep, &new_id)?;
    let hmtx_out = src.hmtx(&keep)?;
    for (_, g) in map.iter_mut() {
        *g = *new_id.get(usize::from(*g)).ok_or(bad("glyph ids"))?;
    }
    let cmap_out = sfnt::write_cmap(&map).ok_or(bad("too many characters for cmap"))?;
    let [head, hhea, maxp, post] = src.patched(keep.len() as u16)?;
    let mut tables: Vec<(Tag, Vec<u8>)> = vec![
        head,
        hhea,
        maxp,
        (*b"hmtx", hmtx_out),
        (*b"loca", loca_out),
        (*b"glyf", glyf_out),
        (*b"cmap", cmap_out),
        post,
    ];
    if let Some(os2) = t.get(b"OS/2").filter(|d| d.len() >= 68) {
        let mut os2 = os2.to_vec();
        let bmp = || map.iter().map(|(c, _)| *c).filter(|c| *c <= 0xFFFF);
        set16(&mut os2, 64, bmp().min().unwrap_or(0) as u16);
        set16(&mut os2, 66, bmp().max().unwrap_or(0) as u16);
        tables.push((*b"OS/2", os2));
    }
    if let Some(name) = t.get(b"name") {
        tables.push((*b"name", trim_names(name).ok_or(bad("name"))?));
    }
    for tag in VERBATIM {
        if let Some(d) = t.get(tag) {
            tables.push((*tag, d.to_vec()));
        }
    }
    tables.extend(layout::subset_tables(t, gsub.as_ref(), &new_id));
    Ok(sfnt::assemble(tables))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composite_components_are_found() {
        // numberOfContours -1, bbox, then two components (word args, then byte args + scale).
        let mut g = vec![0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0];
        g.extend([0x00, 0x21, 0x00, 0x05, 0, 0, 0, 0]);
        g.extend([0x00, 0x08, 0x00, 0x07, 0, 0, 0x40, 0]);
        assert_eq!(components(&g), Some(vec![12, 20]));
        assert_eq!(components(&g[..14]), None);
        assert_eq!(components(&[0, 1, 0, 0]), Some(vec![]));
    }

    #[test]
    fn names_keep_copyright_and_licence_in_windows_records() {
        let sans = crate::fonts::builtin("SourceSans3-Regular.ttf").unwrap();
        let t = Tables::parse(sans).unwrap();
        let name = t.get(b"name").unwrap();
        let trimmed = trim_names(name).unwrap();
        assert!(
            trimmed.len() * 3 < name.len(),
            "{} of {}",
            trimmed.len(),
            name.len()
        );
        let ids: Vec<u16> = (0..usize::from(u16_at(&trimmed, 2).unwrap()))
            .map(|i| u16_at(&trimmed, 6 + 12 * i + 6).unwrap())
            .collect();
        for id in [0, 1, 2, 13, 14] {
            assert!(ids.contains(&id), "name {id} kept");
        }
        // A table without Windows records stays whole.
        let mac = [0, 0, 0, 1, 0, 18, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, b'A'];
        assert_eq!(trim_names(&mac).unwrap(), mac);
    }

    #[test]
    fn cff_fonts_are_refused() {
        let mut f = b"OTTO".to_vec();
        f.extend([0u8; 8]);
        assert_eq!(subset(&f, &BTreeSet::new()), Err(Error::NotTrueType));
        assert!(matches!(
            subset(b"junk", &BTreeSet::new()),
            Err(Error::Malformed(_))
        ));
    }
}
