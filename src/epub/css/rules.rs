//! The low-level pieces every stylesheet rule is written with: a rule from its selector and
//! declarations, the `decls!` list of declarations, and short decimal numbers.

use std::fmt::Write;

/// Formats a ratio as a short decimal (`1.429`, `2`), without float noise.
pub fn num(v: f32) -> String {
    let s = format!("{:.3}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Appends `selector { decl; … }`, one declaration a line.
pub fn rule(css: &mut String, selector: &str, decls: &[String]) {
    let _ = writeln!(css, "{selector} {{\n  {}\n}}", decls.join(";\n  ") + ";");
}

/// Declarations of any displayable kind, as strings.
macro_rules! decls {
    ($($e:expr),* $(,)?) => { [$($e.to_string()),*] };
}
pub(crate) use decls;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(2.0), "2");
        assert_eq!(num(1.4285714), "1.429");
        assert_eq!(num(0.5), "0.5");
    }

    #[test]
    fn a_rule_lists_its_declarations() {
        let mut css = String::new();
        rule(
            &mut css,
            "p",
            &decls!["margin: 0", format!("color: {}", "#111")],
        );
        assert_eq!(css, "p {\n  margin: 0;\n  color: #111;\n}\n");
    }
}
