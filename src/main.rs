//! The `guidebuild` binary: parses the command line and exits with the code `app::run` returns.

use clap::Parser;
use guidebuild::{app, cli::Cli};

fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            // --help and --version are not errors.
            return std::process::ExitCode::from(if e.use_stderr() { app::USAGE } else { app::OK });
        }
    };
    std::process::ExitCode::from(app::run(cli))
}
