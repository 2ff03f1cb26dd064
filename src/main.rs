//! The `throughline` binary: parse the command line and hand over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = throughline::cli::Cli::parse();
    throughline::telemetry::init();
    throughline::tls::install_crypto_provider();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("the tokio runtime could not start");
    match runtime.block_on(throughline::cli::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // A person reads this, so print the whole chain without a backtrace.
            eprintln!("throughline: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
