//! The typesetter's constants in one place: penalties, space stretch and shrink, the
//! tolerance of each breaking pass, and the extra demerits. The defaults were chosen by
//! measuring generated prose at three measures (`cargo bench --bench paragraphs`): spaces
//! on justified lines, hyphenated lines, runts, speed.

/// Tuning of paragraph setting.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tuning {
    /// Penalty of a hyphenation point (TeX: 50; typst: 135).
    pub hyphen_penalty: f32,
    /// Penalty of a break after a word's own hyphen or a dash.
    pub explicit_penalty: f32,
    /// Space stretch and shrink, as fractions of the font's space.
    pub space_stretch: f32,
    pub space_shrink: f32,
    /// Largest adjustment ratio of each pass; the last is unlimited. The first is the limit
    /// of the spaces alone (1.45: a space of at most 0.49 em at the body size); from pass
    /// `track_from` (0-based) letters may be spaced too, as the last resort, so that the
    /// ratio of those passes is staged (see `linebreak::split_ratio`).
    pub passes: [f32; 4],
    pub track_from: usize,
    /// Letter-spacing of a line in those passes, as fractions of the width of its letters.
    pub track_stretch: f32,
    pub track_shrink: f32,
    /// From pass `wide_track_from` on (the paragraphs no earlier pass could set with word
    /// spaces under the limit), letters may be spaced up to `wide_track_stretch` before the
    /// spaces grow past the limit: a few per cent of letter-spacing on one line reads better
    /// than gaps of over half an em.
    pub wide_track_from: usize,
    pub wide_track_stretch: f32,
    pub line_penalty: f64,
    pub double_hyphen_demerits: f64,
    pub final_hyphen_demerits: f64,
    /// The same for an added hyphen (see `linebreak::Params::penultimate_hyphen_demerits`):
    /// more than any paragraph's other demerits can add up to within the first passes (a line
    /// there costs at most about 1.1e5), so that it is chosen only when nothing else fits.
    pub penultimate_hyphen_demerits: f64,
    pub adj_demerits: f64,
    /// Balanced text (headings): the line penalty, so high that an extra line costs more
    /// than any unevenness; the (negative) penalty of a break after a phrase (`:`, `;`, `—`,
    /// `–`, `?`, `!` before a space), whose square is 0.6 of a line's cost: a heading that
    /// fits on one line is not split, two phrase breaks may buy one more line; and the
    /// demerits of a line that is one word narrower than `lone_word_fraction` of the measure.
    pub balance_line_penalty: f64,
    pub phrase_penalty: f32,
    pub lone_word_fraction: f32,
    pub lone_word_demerits: f64,
    /// A last line narrower than this fraction of the measure is a runt.
    pub runt_fraction: f32,
    pub runt_demerits: f64,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            hyphen_penalty: 100.0,
            explicit_penalty: 50.0,
            space_stretch: 1.0,
            space_shrink: 0.34,
            passes: [1.45, 2.45, 4.0, f32::INFINITY],
            track_from: 1,
            track_stretch: 0.025,
            track_shrink: 0.02,
            wide_track_from: 2,
            wide_track_stretch: 0.04,
            line_penalty: 10.0,
            double_hyphen_demerits: 10000.0,
            final_hyphen_demerits: 5000.0,
            penultimate_hyphen_demerits: 1.0e7,
            adj_demerits: 3000.0,
            balance_line_penalty: 1000.0,
            phrase_penalty: -775.0,
            lone_word_fraction: 0.25,
            lone_word_demerits: 800_000.0,
            runt_fraction: 0.12,
            runt_demerits: 20000.0,
        }
    }
}
