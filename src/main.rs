//! The `shellcount` command: parse options, dispatch, print errors, set the exit code.

use clap::Parser;
use shellcount::cli::{Cli, Command};
use shellcount::cmd::{self, terminal_safe};
use shellcount::error::EXIT_BAD_INPUT;
use shellcount::output::folder::remove_staging_on_signals;

fn main() {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_BAD_INPUT } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    if let Err(e) = remove_staging_on_signals() {
        eprintln!("warning: an interrupted run may leave a hidden staging folder ({e})");
    }
    let result = match cli.command {
        Command::Run(args) => cmd::run::run(&args),
        Command::Compare(args) => cmd::compare::compare(&args),
        Command::Check { scenarios } => cmd::check::check(&scenarios),
        Command::New { name } => cmd::new::new(&name),
        Command::Schema => cmd::schema::schema(),
    };
    if let Err(e) = result {
        eprintln!("{}", terminal_safe(&e.to_string()));
        std::process::exit(e.exit_code());
    }
}
