//! The night-reading variant of the stylesheet, for reading systems that say they show a dark
//! page (`@media (prefers-color-scheme: dark)`). The body text has no colour of its own in
//! either variant (the reading system's, as e-reader guidelines ask); every colour the light
//! sheet sets is set again here, lifted towards white until it keeps its contrast on a dark
//! page (7:1 for text, at least WCAG AA's 4.5:1; 3:1 for markers and rules), and the tinted boxes (sayings, code)
//! become dark tints of the same hue. The same rules as the light sheet, one for one.

use super::rules::{decls, rule};
use crate::theme::{contrast_ratio, parse_color, Theme};

/// The dark page the colours are checked on: the usual night background of reading systems.
pub(super) const NIGHT: &str = "#121212";

/// `#rrggbb` of a colour.
fn hex((r, g, b): (f32, f32, f32)) -> String {
    let c = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{:02x}{:02x}{:02x}", c(r), c(g), c(b))
}

/// `a` mixed with `b`, `t` of the way (0: `a`, 1: `b`).
fn mix(a: (f32, f32, f32), b: (f32, f32, f32), t: f32) -> (f32, f32, f32) {
    (
        a.0 + (b.0 - a.0) * t,
        a.1 + (b.1 - a.1) * t,
        a.2 + (b.2 - a.2) * t,
    )
}

/// `color` lifted towards white, in steps of 5 %, until it has `needed` contrast on `on`
/// (white, at worst). A colour that is not `#rrggbb` (the theme refuses those) stays.
pub(super) fn lift(color: &str, on: &str, needed: f32) -> String {
    let (Some(c), Some(bg)) = (parse_color(color), parse_color(on)) else {
        return color.to_string();
    };
    (0..=20)
        .map(|k| hex(mix(c, (1.0, 1.0, 1.0), k as f32 / 20.0)))
        .find(|h| parse_color(h).is_some_and(|x| contrast_ratio(x, bg) >= needed))
        .unwrap_or_else(|| "#ffffff".into())
}

/// A dark tint of `hue` for a box on the night page: 18 % of it over [`NIGHT`].
pub(super) fn tint(hue: &str) -> String {
    match (parse_color(hue), parse_color(NIGHT)) {
        (Some(h), Some(n)) => hex(mix(n, h, 0.18)),
        _ => NIGHT.to_string(),
    }
}

/// Appends the night variant for `theme` (`reflection`: with the reflection prompts' rules).
pub(super) fn night(css: &mut String, theme: &Theme, reflection: bool) {
    let c = &theme.colors;
    let m = &theme.markers;
    let mut inner = String::new();
    // text aims at 7:1 (AAA) so that it reads comfortably, not just passes; 4.5 is checked
    let text = |color: &str| format!("color: {}", lift(color, NIGHT, 7.0));
    let mark = |color: &str| format!("color: {}", lift(color, NIGHT, 3.0));
    let line = |color: &str| lift(color, NIGHT, 3.0);
    rule(
        &mut inner,
        "h1, h2, h3, h4, h5, h6",
        &decls![text(&c.heading)],
    );
    rule(&mut inner, "a", &decls![text(&c.link)]);
    rule(
        &mut inner,
        "blockquote, figcaption, .subtitle",
        &decls![text(&c.muted)],
    );
    rule(
        &mut inner,
        "pre.code",
        &decls![format!("background-color: {}", tint("#ffffff"))],
    );
    rule(
        &mut inner,
        "hr, .footnotes",
        &decls![format!("border-top-color: {}", line(&c.rule))],
    );
    rule(
        &mut inner,
        "th, td",
        &decls![format!("border-bottom-color: {}", line(&c.rule))],
    );
    for (sel, color) in [
        (
            ".marker-bullet, .marker-open, ol.ordered > li::marker",
            &m.bullet.color,
        ),
        (".marker-check, .marker-done", &m.check.color),
        (".marker-avoid", &m.avoid.color),
    ] {
        rule(&mut inner, sel, &decls![mark(color)]);
    }
    for (kind, s) in [
        ("avoid", &theme.sayings.avoid),
        ("try", &theme.sayings.try_),
    ] {
        let bg = tint(&s.rule_color);
        rule(
            &mut inner,
            &format!(".sayings-{kind}"),
            &decls![
                format!("border-color: {}", lift(&s.rule_color, &bg, 3.0)),
                format!("background-color: {bg}"),
                format!("color: {}", lift(&s.color, &bg, 7.0)),
            ],
        );
        rule(
            &mut inner,
            &format!(".sayings-{kind} .lead, .sayings-{kind} .saying-glyph"),
            &decls![format!("color: {}", lift(&s.rule_color, &bg, 4.5))],
        );
        rule(
            &mut inner,
            &format!(".sayings-{kind} blockquote.saying"),
            &decls![format!("color: {}", lift(&s.color, &bg, 7.0))],
        );
    }
    if reflection {
        rule(&mut inner, ".answer-note", &decls![text(&c.muted)]);
        rule(
            &mut inner,
            ".reflection .answer, .reflection .answer::before",
            &decls![format!("border-bottom-color: {}", line(&c.rule))],
        );
    }
    css.push_str("@media (prefers-color-scheme: dark) {\n");
    for l in inner.lines() {
        css.push_str("  ");
        css.push_str(l);
        css.push('\n');
    }
    css.push_str("}\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every colour the night sheet sets, and what it is drawn on.
    fn pairs(css: &str) -> Vec<(String, String)> {
        let night = &css[css.find("@media (prefers-color-scheme: dark)").unwrap()..];
        let mut out = Vec::new();
        let mut bg = NIGHT.to_string();
        for l in night.lines() {
            let l = l.trim().trim_end_matches(';');
            if l.ends_with('{') {
                bg = NIGHT.to_string();
            }
            if let Some(v) = l.strip_prefix("background-color: ") {
                bg = v.to_string();
            } else if let Some(v) = l.strip_prefix("color: ") {
                out.push((v.to_string(), bg.clone()));
            }
        }
        out
    }

    #[test]
    fn every_night_colour_keeps_its_contrast() {
        let mut pale = Theme::default();
        pale.colors.heading = "#0b0b2a".into();
        pale.sayings.try_.color = "#000000".into();
        for theme in [Theme::default(), pale] {
            let css = crate::epub::stylesheet(&theme, &Default::default());
            let found = pairs(&css);
            assert!(found.len() >= 12, "{found:?}");
            for (fg, bg) in found {
                let r = contrast_ratio(parse_color(&fg).unwrap(), parse_color(&bg).unwrap());
                assert!(r >= 3.0, "{fg} on {bg}: {r:.2}");
                // every text colour (all but the markers) at AA's 4.5:1 at least
                let marker = [
                    &theme.markers.bullet.color,
                    &theme.markers.check.color,
                    &theme.markers.avoid.color,
                ]
                .iter()
                .any(|m| lift(m, NIGHT, 3.0) == fg);
                assert!(marker || r >= 4.5, "{fg} on {bg}: {r:.2}");
            }
        }
    }

    #[test]
    fn text_colours_are_lifted_only_as_far_as_needed() {
        // a light colour already readable at night stays as it is
        assert_eq!(lift("#ffcc00", NIGHT, 4.5), "#ffcc00");
        let navy = lift("#1d3557", NIGHT, 4.5);
        let r = contrast_ratio(parse_color(&navy).unwrap(), parse_color(NIGHT).unwrap());
        assert!((4.5..7.0).contains(&r), "{navy}: {r:.2}");
        assert_eq!(tint("#ffffff").len(), 7);
    }
}
