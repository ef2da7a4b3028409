//! `wslens`: the command-line face of wslens-core. It reads files, prints, and sets the exit
//! code; every protocol decision comes from the core.

mod html;
mod probe;
mod render;
mod suite;

use std::{
    io::{IsTerminal, Read, Write},
    path::PathBuf,
    process::ExitCode,
};

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use wslens_core::{Format, Options, Report};

/// Inspect WebSocket opening handshakes: check them against RFC 6455, RFC 7692 and
/// RFC 9110/9112, verify Sec-WebSocket-Accept, and explain every header.
#[derive(Debug, Parser)]
#[command(name = "wslens", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check handshake transcripts (files, or standard input for `-` or no file).
    ///
    /// Exit status: 0 when every handshake is ok; 1 when any handshake failed or is
    /// incomplete, or any message is invalid; 2 when an input is unusable.
    Check {
        /// Files to read; `-` or nothing reads standard input.
        files: Vec<PathBuf>,
        /// Input format; `auto` detects it.
        #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
        format: FormatArg,
        /// Print the report as JSON (an array when several files are given).
        #[arg(long, conflicts_with = "html")]
        json: bool,
        /// Print the report as one self-contained HTML page (no script, no external
        /// resource), for CI artifacts and docs built without JavaScript.
        #[arg(long)]
        html: bool,
        /// Redact the secrets from the report as a share link's are (cookies, credentials,
        /// tokens, request and refusal bodies, recorded messages), keeping its verdicts and
        /// findings: for a report that leaves the machine, such as a CI artifact.
        #[arg(long)]
        redact: bool,
        /// With --redact, also replace host names, addresses and ports.
        #[arg(long, requires = "redact")]
        redact_hosts: bool,
        /// Keep every exchange's full report. By default a report details the first 1,000
        /// exchanges and counts the rest (CAP711), so that a capture of many handshakes
        /// needs memory in proportion to what a person reads.
        #[arg(long)]
        all_exchanges: bool,
        /// When to use colour.
        #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
        color: ColorArg,
    },
    /// Open the handshake with a live server as a real client would, record every byte, and
    /// check the recording like `check` does.
    ///
    /// Exit status: as `check` (0 ok; 1 failed or incomplete, or the client probed as would
    /// refuse the answer), and 2 when the probe could not run (a DNS failure, a refused
    /// connection, a timeout, a TLS failure, an answer that is not HTTP), with one line that
    /// says what happened.
    Probe(Box<probe::Args>),
    /// Compute Sec-WebSocket-Accept for a Sec-WebSocket-Key.
    Accept {
        /// The Sec-WebSocket-Key value.
        key: String,
        /// Show every step of the computation.
        #[arg(long)]
        explain: bool,
    },
    /// Explain a header: what it is, who sends it, whether it is required, and where it is defined.
    Explain {
        /// The header name, in any casing.
        header: String,
    },
    /// List every rule with its code, severity and RFC section.
    Rules {
        /// Print the rules as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Auto,
    Raw,
    Curl,
    Har,
    Pcap,
    /// A curl command line (DevTools "Copy as cURL").
    CurlCommand,
    /// A client's error message (a console line, an exception), explained.
    Error,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Auto => Format::Auto,
            FormatArg::Raw => Format::Raw,
            FormatArg::Curl => Format::Curl,
            FormatArg::Har => Format::Har,
            FormatArg::Pcap => Format::Pcap,
            FormatArg::CurlCommand => Format::CurlCommand,
            FormatArg::Error => Format::Error,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorArg {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("wslens: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // Buffered: a pretty-printed report is many short lines.
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let code = command(cli, &mut stdout)?;
    stdout.flush()?;
    Ok(code)
}

/// Whether to colour standard output.
pub(crate) fn use_color(color: ColorArg) -> bool {
    match color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

fn command(cli: Cli, stdout: &mut impl Write) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Probe(args) => probe::run(&args, stdout),
        Command::Check {
            files,
            format,
            json,
            html,
            redact,
            redact_hosts,
            all_exchanges,
            color,
        } => {
            let color = use_color(color);
            let output = if json {
                Output::Json
            } else if html {
                Output::Html
            } else {
                Output::Text { color }
            };
            let redact =
                redact.then_some(wslens_core::RedactOptions { bodies: true, hosts: redact_hosts });
            let options = Options { format: format.into(), all_exchanges, ..Options::default() };
            check(&files, &options, output, redact, stdout)
        }
        Command::Accept { key, explain } => {
            let steps = wslens_core::accept_steps(&key);
            if explain {
                writeln!(stdout, "{}", render::accept_steps(&steps))?;
            } else {
                writeln!(stdout, "{}", steps.accept)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { header } => {
            writeln!(stdout, "{}", render::header_doc(&header))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules { json } => {
            if json {
                serde_json::to_writer_pretty(&mut *stdout, wslens_core::rules())?;
                writeln!(stdout)?;
            } else {
                write!(stdout, "{}", render::rules_table(wslens_core::rules()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// How `check` prints its reports.
#[derive(Clone, Copy, Debug)]
enum Output {
    Text { color: bool },
    Json,
    Html,
}

/// Reads every input, prints the reports, and returns the exit code.
fn check(
    files: &[PathBuf],
    options: &Options,
    output: Output,
    redact: Option<wslens_core::RedactOptions>,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let stdin = [PathBuf::from("-")];
    let files = if files.is_empty() { &stdin[..] } else { files };
    let mut reports = Vec::new();
    let mut unreadable = false;
    let show_progress = !matches!(output, Output::Json)
        && std::io::stderr().is_terminal()
        && std::io::stdout().is_terminal();
    for path in files {
        match read_input(path, options.format, show_progress) {
            Ok(input) => {
                let name = if path.as_os_str() == "-" {
                    "<stdin>".to_owned()
                } else {
                    path.display().to_string()
                };
                let options = Options { name: Some(name), ..options.clone() };
                let prepared = match input {
                    Input::Bytes(bytes) => wslens_core::prepare(&bytes, &options),
                    Input::Capture(prepared) => prepared,
                };
                let prepared = match &redact {
                    Some(redact) => wslens_core::redact_prepared(prepared, &options, redact),
                    None => prepared,
                };
                reports.push(wslens_core::inspect_prepared(prepared, &options));
            }
            Err(error) => {
                eprintln!("wslens: {error:#}");
                unreadable = true;
            }
        }
    }
    match output {
        Output::Json => {
            if let [report] = &reports[..] {
                serde_json::to_writer_pretty(&mut *out, report)?;
            } else {
                serde_json::to_writer_pretty(&mut *out, &reports)?;
            }
            writeln!(out)?;
        }
        Output::Html => write!(out, "{}", html::page(&reports))?,
        Output::Text { color } => {
            for report in &reports {
                write!(out, "{}", render::report(report, color))?;
            }
        }
    }
    let code = reports.iter().map(exit_code).max().unwrap_or(0).max(if unreadable { 2 } else { 0 });
    Ok(ExitCode::from(code))
}

/// An input as read: its bytes, or a packet capture already read piece by piece.
enum Input {
    Bytes(Vec<u8>),
    Capture(wslens_core::Prepared),
}

/// Reads a file (or standard input for `-`). A packet capture is fed to the core piece by
/// piece as it is read, so a capture larger than memory can be checked; with `progress`, a
/// bar on standard error follows a large one.
fn read_input(path: &PathBuf, format: Format, progress: bool) -> anyhow::Result<Input> {
    let what = || {
        if path.as_os_str() == "-" {
            "standard input".to_owned()
        } else {
            path.display().to_string()
        }
    };
    let (mut reader, size): (Box<dyn Read>, Option<u64>) = if path.as_os_str() == "-" {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", what()))?;
        let size = file.metadata().ok().filter(std::fs::Metadata::is_file).map(|m| m.len());
        (Box::new(file), size)
    };
    let mut chunk = vec![0u8; CHUNK];
    let mut first = Vec::new();
    // Enough bytes to recognise a capture (a FIFO may deliver them a few at a time).
    while first.len() < 4 {
        let n = reader.read(&mut chunk).with_context(|| format!("cannot read {}", what()))?;
        if n == 0 {
            break;
        }
        first.extend_from_slice(&chunk[..n]);
    }
    let capture = format == Format::Pcap
        || (format == Format::Auto && wslens_core::is_packet_capture(&first));
    if !capture {
        reader.read_to_end(&mut first).with_context(|| format!("cannot read {}", what()))?;
        return Ok(Input::Bytes(first));
    }
    let bar = (progress && size.is_some_and(|s| s >= PROGRESS_FROM)).then(|| {
        let bar = indicatif::ProgressBar::new(size.unwrap_or(0));
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} {bar:40} {bytes}/{total_bytes} ({eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.set_message(format!("reading {}", what()));
        bar
    });
    let mut capture = wslens_core::CaptureReader::new();
    capture.feed(&first);
    loop {
        let n = reader.read(&mut chunk).with_context(|| format!("cannot read {}", what()))?;
        if n == 0 {
            break;
        }
        capture.feed(&chunk[..n]);
        if let Some(bar) = &bar {
            bar.set_position(capture.fed());
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(Input::Capture(capture.finish()))
}

/// Bytes read at a time.
const CHUNK: usize = 1 << 20;

/// Captures from this size on get a progress bar (on a terminal).
const PROGRESS_FROM: u64 = 32 << 20;

/// 0: every handshake ok; 1: a handshake failed or is incomplete, or a message is invalid,
/// or the input is a client's error message (which says a handshake failed); 2: nothing
/// usable.
pub(crate) fn exit_code(report: &Report) -> u8 {
    if report.summary.unusable {
        return 2;
    }
    if report.exchanges.is_empty() {
        return if report.source.format == Format::Error { 1 } else { 2 };
    }
    // The summary counts every exchange, the ones past the detailed thousand too: a
    // handshake that is not ok, or an invalid message.
    let s = &report.summary;
    u8::from(s.ok < s.exchanges || s.invalid > 0)
}
