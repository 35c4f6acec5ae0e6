//! Which command runs: the one dispatch from the parsed command line to the code that does the
//! work (`app` for building and checking, `init`, `watch`, `shell`). It sits above all of them,
//! so none of them needs to know the others.

use crate::cli::{Cli, Command};
use crate::{app, init, shell, watch};

/// Runs one command and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Epub(a) => {
            let out = app::Outputs {
                epub: Some(a.output),
                pdf: None,
            };
            app::build(&a.input, out, Default::default(), a.flags.deny_warnings)
        }
        Command::Pdf(a) => {
            let choice = a.choice();
            let out = app::Outputs {
                epub: None,
                pdf: Some(a.output),
            };
            app::build(&a.input, out, choice, a.flags.deny_warnings)
        }
        Command::Build(a) => match app::Outputs::both(&a.output) {
            Ok(out) => app::build_both(&a.input, out, a.paper.choice(), a.flags.deny_warnings),
            Err(code) => code,
        },
        Command::Check(a) => app::check_cmd(&a),
        Command::Init(a) => init::run(&a),
        Command::Watch(a) => watch::run(&a),
        Command::Completions(a) => shell::completions(a.shell),
        Command::Man => shell::man(),
    }
}
