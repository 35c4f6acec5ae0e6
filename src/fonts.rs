//! The font files a build uses, one per [`FontRole`]: the OFL fonts committed under `fonts/` are
//! compiled into the binary (so it runs anywhere), and a theme may name other files, which the
//! loader reads from the manuscript folder. Backends get bytes from here and never read disk.

use crate::theme::{FontNames, FontRole};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The fonts compiled into the binary: (file name, bytes).
pub const BUILTIN: &[(&str, &[u8])] = &[
    (
        "Literata-Regular.ttf",
        include_bytes!("../fonts/Literata-Regular.ttf"),
    ),
    (
        "Literata-Italic.ttf",
        include_bytes!("../fonts/Literata-Italic.ttf"),
    ),
    (
        "Literata-Bold.ttf",
        include_bytes!("../fonts/Literata-Bold.ttf"),
    ),
    (
        "Literata-BoldItalic.ttf",
        include_bytes!("../fonts/Literata-BoldItalic.ttf"),
    ),
    (
        "SourceSans3-Regular.ttf",
        include_bytes!("../fonts/SourceSans3-Regular.ttf"),
    ),
    (
        "SourceSans3-Semibold.ttf",
        include_bytes!("../fonts/SourceSans3-Semibold.ttf"),
    ),
    (
        "SourceCodePro-Regular.ttf",
        include_bytes!("../fonts/SourceCodePro-Regular.ttf"),
    ),
];

/// Looks a built-in font up by file name.
pub fn builtin(name: &str) -> Option<&'static [u8]> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}

/// One font file.
#[derive(Debug, Clone, PartialEq)]
pub struct FontFile {
    /// File name as named in the theme (used for PDF font names and EPUB file names).
    pub name: String,
    pub bytes: Cow<'static, [u8]>,
}

/// The font for each role. Several roles may share one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FontFiles {
    pub by_role: BTreeMap<FontRole, FontFile>,
}

impl FontFiles {
    /// The theme's fonts, all built in. Returns the names that are not built in as `Err`.
    pub fn builtin_for(names: &FontNames) -> Result<FontFiles, Vec<(FontRole, String)>> {
        let mut by_role = BTreeMap::new();
        let mut missing = Vec::new();
        for role in FontRole::ALL {
            let name = names.get(role);
            match builtin(name) {
                Some(bytes) => {
                    by_role.insert(
                        role,
                        FontFile {
                            name: name.to_string(),
                            bytes: Cow::Borrowed(bytes),
                        },
                    );
                }
                None => missing.push((role, name.to_string())),
            }
        }
        if missing.is_empty() {
            Ok(FontFiles { by_role })
        } else {
            Err(missing)
        }
    }

    /// The default theme's fonts.
    pub fn default_set() -> FontFiles {
        FontFiles::builtin_for(&FontNames::default()).expect("default fonts are built in")
    }

    pub fn get(&self, role: FontRole) -> &FontFile {
        &self.by_role[&role]
    }

    /// Distinct files in a stable order, each with the roles that use it.
    pub fn distinct(&self) -> Vec<(&FontFile, Vec<FontRole>)> {
        let mut out: Vec<(&FontFile, Vec<FontRole>)> = Vec::new();
        for (role, file) in &self.by_role {
            match out.iter_mut().find(|(f, _)| f.name == file.name) {
                Some((_, roles)) => roles.push(*role),
                None => out.push((file, vec![*role])),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_fonts_are_all_built_in() {
        let f = FontFiles::default_set();
        assert_eq!(f.by_role.len(), FontRole::ALL.len());
        assert!(f.get(FontRole::Sans).bytes.len() > 10_000);
        assert_eq!(f.distinct().len(), 7);
    }
}
