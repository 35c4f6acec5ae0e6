//! `guidebuild completions SHELL` and `guidebuild man`: a shell completion script (clap_complete)
//! and one roff manual page that covers every command (clap_mangen), both made from the same
//! clap definitions as the command line itself, so they never drift from it.

use crate::cli::Cli;
use clap::CommandFactory;
use std::io::Write;

/// Prints the completion script for `shell` on stdout.
pub fn completions(shell: clap_complete::Shell) -> u8 {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "guidebuild", &mut out);
    print_bytes(&out)
}

/// Prints the manual page on stdout.
pub fn man() -> u8 {
    match man_page() {
        Ok(page) => print_bytes(&page),
        Err(e) => {
            eprintln!("error: cannot render the manual page: {e}");
            crate::app::USAGE
        }
    }
}

fn print_bytes(bytes: &[u8]) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Ok(()) => crate::app::OK,
        // a closed pipe (`guidebuild man | head`) is not worth a message
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => crate::app::OK,
        Err(e) => {
            eprintln!("error: cannot write to stdout: {e}");
            crate::app::USAGE
        }
    }
}

/// The whole manual page: name, synopsis, description and options of `guidebuild`, then one
/// section per command (`COMMAND: BUILD` …) with its own synopsis, description, options and
/// examples, then the exit codes.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let mut cmd = Cli::command();
    cmd.build();
    let top = clap_mangen::Man::new(cmd.clone());
    // clap_mangen leaves out an empty date, which shifts the source into the date's place
    let mut page = format!(
        ".TH GUIDEBUILD 1 \"\" \"guidebuild {}\" \"User Commands\"\n",
        env!("CARGO_PKG_VERSION")
    )
    .into_bytes();
    top.render_name_section(&mut page)?;
    top.render_synopsis_section(&mut page)?;
    top.render_description_section(&mut page)?;
    top.render_options_section(&mut page)?;
    if let Some(help) = cmd.get_after_help() {
        page.extend(examples(".SH EXAMPLES", &help.to_string()).into_bytes());
    }
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        let name = format!("guidebuild {}", sub.get_name());
        let man = clap_mangen::Man::new(sub.clone().bin_name(&name));
        writeln!(page, ".SH \"COMMAND: {}\"", sub.get_name().to_uppercase())?;
        let mut part = Vec::new();
        man.render_synopsis_section(&mut part)?;
        man.render_description_section(&mut part)?;
        man.render_options_section(&mut part)?;
        page.extend(demote_sections(&String::from_utf8_lossy(&part)).into_bytes());
        if let Some(help) = sub.get_after_help() {
            page.extend(examples(".SS Examples", &help.to_string()).into_bytes());
        }
    }
    page.extend_from_slice(EXIT_STATUS.as_bytes());
    top.render_version_section(&mut page)?;
    Ok(ascii_only(&once_preamble(&String::from_utf8_lossy(&page))).into_bytes())
}

/// Each piece clap_mangen renders starts with the same two lines defining `\*(Aq`; the page
/// needs them once, at the top.
fn once_preamble(roff: &str) -> String {
    let preamble = [".ie \\n(.g .ds Aq \\(aq", ".el .ds Aq '"];
    let mut out: String = preamble.iter().map(|l| format!("{l}\n")).collect();
    for line in roff.lines().filter(|l| !preamble.contains(l)) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Non-ASCII characters as groff's `\[uXXXX]` escapes: roff input is read as Latin-1 unless a
/// preprocessor says otherwise, and `…` or `→` would come out garbled.
fn ascii_only(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for c in roff.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", c as u32));
        }
    }
    out
}

const EXIT_STATUS: &str = ".SH \"EXIT STATUS\"
.TP
0
Success (for \\fBcheck\\fR: no diagnostics).
.TP
1
The manuscript has errors (or warnings, under \\fB\\-\\-deny\\-warnings\\fR or for \\fBcheck\\fR).
.TP
2
A usage or I/O error: a missing folder, an unreadable chapter, an unknown \\fBguide.toml\\fR key, a missing image.
";

/// An `Example(s):` block of a `--help` text as a no-fill roff block, its heading line dropped.
fn examples(heading: &str, help: &str) -> String {
    let mut out = format!("{heading}\n.nf\n");
    for line in help.lines().filter(|l| !l.starts_with("Example")) {
        out.push_str(&roff_escape(line));
        out.push('\n');
    }
    out.push_str(".fi\n");
    out
}

/// Escapes one line of text for roff: backslashes and hyphens, and a leading `.` or `'` that
/// would read as a request.
fn roff_escape(line: &str) -> String {
    let body = line.replace('\\', "\\e").replace('-', "\\-");
    if body.starts_with('.') || body.starts_with('\'') {
        format!("\\&{body}")
    } else {
        body
    }
}

/// A command's own `.SH SYNOPSIS` … headings become subsections (`.SS Synopsis`) under the
/// command's section.
fn demote_sections(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for line in roff.lines() {
        match line.strip_prefix(".SH ") {
            Some(heading) => {
                let h = heading.trim_matches('"').to_lowercase();
                let mut c = h.chars();
                let title: String = c
                    .next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default();
                out.push_str(&format!(".SS \"{title}\"\n"));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_man_page_has_a_section_for_every_command() {
        let page = String::from_utf8(man_page().unwrap()).unwrap();
        for sub in Cli::command().get_subcommands() {
            let heading = format!(".SH \"COMMAND: {}\"", sub.get_name().to_uppercase());
            assert!(page.contains(&heading), "no {heading} in the man page");
        }
        assert_eq!(page.matches(".SH SYNOPSIS").count(), 1, "{page}");
        assert!(
            page.contains("\n.TH GUIDEBUILD 1 \"\" \"guidebuild "),
            "{page}"
        );
        assert_eq!(page.matches(".ds Aq").count(), 2, "{page}");
    }

    #[test]
    fn example_lines_are_escaped() {
        assert_eq!(roff_escape("guidebuild -o a\\b"), "guidebuild \\-o a\\eb");
        assert_eq!(roff_escape(".hidden"), "\\&.hidden");
        let ex = examples(".SS Examples", "Examples:\n  one\n  two");
        assert_eq!(ex, ".SS Examples\n.nf\n  one\n  two\n.fi\n");
    }

    #[test]
    fn non_ascii_is_escaped() {
        assert_eq!(ascii_only("a → b…"), "a \\[u2192] b\\[u2026]");
    }

    #[test]
    fn command_headings_are_demoted() {
        assert_eq!(
            demote_sections(".SH SYNOPSIS\n\\fBx\\fR\n.SH \"EXTRA\"\n"),
            ".SS \"Synopsis\"\n\\fBx\\fR\n.SS \"Extra\"\n"
        );
    }
}
