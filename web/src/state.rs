//! The viewer's state: one reducer owns the input, the report and the selection; every pane
//! derives what it shows from it. Nothing here re-derives protocol facts: verdicts, findings
//! and explanations all come from `wslens_core::inspect`.

use std::rc::Rc;

use wslens_core::{
    inspect, inspect_prepared, Exchange, Finding, Format, Header, Message, Options, Part, Prepared,
    Report, Span,
};
use yew::Reducible;

use crate::{dom, samples, share::Shared};

/// Which header row: the message it belongs to and its position there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeaderRef {
    /// `Part::Request` or `Part::Response`.
    pub part: Part,
    /// Index into the message's headers.
    pub index: usize,
}

/// What is selected, in every pane at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The bytes to highlight in the transcript.
    pub span: Span,
    /// The selected finding, as an index into [`findings_of`].
    pub finding: Option<usize>,
    /// The selected (and expanded) header row.
    pub header: Option<HeaderRef>,
}

/// Where the analysed bytes came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadedFile {
    /// The file's name.
    pub name: String,
    /// Its size in bytes.
    pub size: usize,
}

/// A file being read in the worker.
#[derive(Clone, Debug, PartialEq)]
pub struct Loading {
    /// The file's name.
    pub name: String,
    /// Bytes read so far, and the file's size.
    pub done: f64,
    pub total: f64,
}

/// Files from this size on are read in the worker, so the page stays responsive; smaller ones
/// take less time to read than the worker takes to start.
pub const WORKER_FROM_BYTES: f64 = 2.0 * 1024.0 * 1024.0;

/// What an element's card shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardSource {
    /// The transcript written inside the element (HTML rewrote its line endings).
    Text(String),
    /// A file fetched from the page's origin (`src`), exact bytes.
    Bytes(Vec<u8>),
    /// A built-in example, by id.
    Example(String),
    /// Nothing could be read, and why (a `src` that could not be fetched).
    Failed(String),
}

/// Everything the viewer shows.
#[derive(Clone, Debug)]
pub struct Viewer {
    /// The text in the input box.
    pub input: Rc<str>,
    /// Bumped whenever `input` is replaced from outside the box (a load), so the box is only
    /// written then: writing back what the user just typed would lay out the text again.
    pub loads: u64,
    /// An edit waits for analysis.
    pub pending: bool,
    /// The file the report was read from, until the text is edited.
    pub file: Option<LoadedFile>,
    /// The exact bytes behind the report (a file, an example, a shared link), until the text
    /// is edited; re-reading them in another format starts from these, not from the box.
    /// (An `Rc<Vec>` rather than `Rc<[u8]>`: keeping a file must not copy it.)
    pub bytes: Option<Rc<Vec<u8>>>,
    /// A large file being read in the worker, with how far it is.
    pub loading: Option<Loading>,
    /// The large file behind the report, read in the worker (its bytes stay out of the page's
    /// memory); reading it in another format sends it to the worker again.
    pub worker_file: Option<web_sys::File>,
    /// The format to read the input as.
    pub format: Format,
    /// The analysis of the input.
    pub report: Rc<Report>,
    /// The exchange shown.
    pub exchange: usize,
    /// The selection, if any.
    pub selection: Option<Selection>,
    /// Whether share links redact secrets.
    pub redact: bool,
    /// What else redaction replaces: request and refusal bodies (on by default) and hosts (off).
    pub redact_options: wslens_core::RedactOptions,
    /// Compact read-only view for iframes.
    pub embed: bool,
    /// The host page's origin whose `postMessage`s an embed accepts, besides its own.
    pub parent: Option<String>,
    /// A problem to show above everything (a damaged link, an unreadable file).
    pub notice: Option<String>,
    /// Bumped at every change, so comparing two states is cheap.
    pub revision: u64,
}

impl PartialEq for Viewer {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
    }
}

/// What can happen to the state.
pub enum Action {
    /// The user typed; analysis follows after a pause.
    Edit(String),
    /// Typing paused: analyse the pending edit, if any.
    Analyse,
    /// Replace the input and analyse it at once: an example (no name) or a file opened or
    /// dropped (its name).
    Load { bytes: Vec<u8>, file: Option<String> },
    /// Text too large to edit was pasted: it is being analysed (see [`analyse_pasted`]).
    PastingLarge,
    /// The report of a paste too large for the box, analysed as typed text (the browser
    /// rewrote its line endings) and kept out of the box.
    PastedLarge(Rc<Report>),
    /// A file could not be read.
    LoadFailed(String),
    /// A large file is being read in the worker: its name, bytes read and size.
    Progress { name: String, done: f64, total: f64 },
    /// The worker read a large file: its input prepared, and the file.
    Prepared { prepared: Box<Prepared>, file: web_sys::File, size: usize },
    /// Read the input as this format.
    SetFormat(Format),
    /// Show another exchange.
    SelectExchange(usize),
    /// Select a finding of the shown exchange (index into [`findings_of`]).
    SelectFinding(usize),
    /// Select a header row, or unselect it when it is already selected.
    ToggleHeader(HeaderRef),
    /// Unselect.
    ClearSelection,
    /// Turn redaction of share links on or off.
    SetRedact(bool),
    /// Choose what redaction replaces besides the secrets.
    SetRedactOptions(wslens_core::RedactOptions),
    /// Forget the notice.
    DismissNotice,
}

/// Runs the core. `typed` says the text comes from the text box, whose line endings the
/// browser has already rewritten (CRLF → LF).
fn analyse(input: &[u8], format: Format, name: Option<String>, typed: bool) -> Rc<Report> {
    timed(|| {
        inspect(input, &Options { format, name, line_endings_lost: typed, ..Options::default() })
    })
}

/// Analyses a paste too large for the box, as typed text. The editor runs it in a task of
/// its own, between the paste event and the render, so that none of the three holds the page
/// for long (a hostile megabyte costs tens of milliseconds in each).
pub fn analyse_pasted(text: &str, format: Format) -> Rc<Report> {
    analyse(text.as_bytes(), format, None, true)
}

/// One run of the core, measured for the budgets script.
fn timed(run: impl FnOnce() -> Report) -> Rc<Report> {
    dom::mark("wslens-analyse-start");
    let report = run();
    dom::measure("wslens-inspect", "wslens-analyse-start");
    Rc::new(report)
}

impl Viewer {
    /// The first state: a shared link's transcript, a named example, or the RFC sample.
    pub fn from_fragment(shared: Shared, embed: bool) -> Viewer {
        let example = shared.example.as_deref().and_then(samples::by_id);
        let mut notice = shared.problem.clone();
        if shared.example.is_some() && example.is_none() && notice.is_none() {
            notice = Some(format!(
                "the link asks for the example `{}`, which this version does not have; showing the RFC sample",
                shared.example.as_deref().unwrap_or_default()
            ));
        }
        let typed = shared.typed && shared.text.is_some();
        let bytes: Vec<u8> = match (shared.text, example) {
            (Some(text), _) => text.into_bytes(),
            (None, Some(example)) => example.bytes.to_vec(),
            (None, None) => samples::EXAMPLES[0].bytes.to_vec(),
        };
        let mut viewer = Viewer::showing(bytes, typed);
        viewer.exchange = shared.exchange.min(viewer.report.exchanges.len().saturating_sub(1));
        viewer.embed = shared.embed || embed;
        viewer.parent = shared.parent;
        viewer.notice = notice;
        let text_len = viewer.report.source.text.len();
        let selection = shared
            .span
            .filter(|s| (s.end as usize) <= text_len)
            .map(|span| Selection { span, finding: None, header: None });
        // A shared span selects the finding or header it points at, as a click would.
        if let Some(sel) = selection {
            viewer.selection = Some(viewer.resolve(sel.span));
        }
        viewer
    }

    /// A state showing these bytes, analysed (detecting the format); `typed` says their line
    /// endings were rewritten on the way (a text box, an HTML page), so they are not blamed.
    fn showing(bytes: Vec<u8>, typed: bool) -> Viewer {
        let report = analyse(&bytes, Format::Auto, None, typed);
        Viewer {
            input: report.source.text.as_str().into(),
            loads: 0,
            pending: false,
            file: None,
            bytes: (!typed).then(|| Rc::new(bytes)),
            loading: None,
            worker_file: None,
            format: Format::Auto,
            report,
            exchange: 0,
            selection: None,
            redact: true,
            redact_options: wslens_core::RedactOptions::default(),
            embed: false,
            parent: None,
            notice: None,
            revision: 0,
        }
    }

    /// The state of an element's card: its transcript (written in the page, fetched, or a
    /// built-in example), and with `redact`, the text a share link would carry instead
    /// (secrets replaced; a HAR or pcap becomes its rebuilt HTTP view), so no secret is shown.
    pub fn for_card(source: CardSource, redact: bool) -> Viewer {
        let (bytes, typed, notice) = match source {
            CardSource::Text(text) => (text.into_bytes(), true, None),
            CardSource::Bytes(bytes) => (bytes, false, None),
            CardSource::Example(id) => match samples::by_id(&id) {
                Some(example) => (example.bytes.to_vec(), false, None),
                None => (Vec::new(), false, Some(format!("wslens has no example `{id}`"))),
            },
            CardSource::Failed(why) => (Vec::new(), false, Some(why)),
        };
        let bytes = if redact {
            let report =
                inspect(&bytes, &Options { line_endings_lost: typed, ..Options::default() });
            wslens_core::redact(&report).text.into_bytes()
        } else {
            bytes
        };
        let mut viewer = Viewer::showing(bytes, typed);
        viewer.redact = redact;
        viewer.notice = notice;
        viewer
    }

    /// The exchange shown, if the report has any.
    pub fn current(&self) -> Option<&Exchange> {
        self.report.exchanges.get(self.exchange)
    }

    /// The selection for a span: the first finding with exactly that span, else the header
    /// whose line holds it.
    fn resolve(&self, span: Span) -> Selection {
        let finding = findings_of(&self.report, self.exchange).iter().position(|f| f.span == span);
        let header = self.current().and_then(|e| header_at(e, span));
        Selection { span, finding, header }
    }

    /// Puts the text the report's spans point into in the box: the input itself for text
    /// formats (invalid UTF-8 shown as U+FFFD), the rebuilt view for HAR, pcap and commands.
    fn show_source(&mut self) {
        self.input = self.report.source.text.as_str().into();
        self.loads += 1;
    }

    /// Shows the report of a newly loaded input, from its first exchange.
    fn show_loaded(&mut self, report: Rc<Report>, file: Option<LoadedFile>) {
        self.report = report;
        self.notice = None;
        self.exchange = 0;
        self.selection = None;
        self.pending = false;
        self.loading = None;
        self.show_source();
        self.file = file;
    }

    fn reanalyse(&mut self, bytes: &[u8], name: Option<String>, typed: bool) {
        self.report = analyse(bytes, self.format, name, typed);
        self.exchange = self.exchange.min(self.report.exchanges.len().saturating_sub(1));
        self.selection = None;
        self.pending = false;
    }
}

impl Reducible for Viewer {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.revision += 1;
        match action {
            Action::Edit(text) => {
                next.input = text.into();
                next.pending = true;
                next.file = None;
                next.bytes = None;
                next.worker_file = None;
            }
            Action::Analyse => {
                if !self.pending {
                    return self;
                }
                let input = next.input.clone();
                next.reanalyse(input.as_bytes(), None, true);
            }
            Action::Load { bytes, file } => {
                let report = analyse(&bytes, next.format, file.clone(), false);
                next.show_loaded(report, file.map(|name| LoadedFile { name, size: bytes.len() }));
                next.bytes = Some(Rc::new(bytes));
                next.worker_file = None;
            }
            Action::PastingLarge => next.pending = true,
            Action::PastedLarge(report) => {
                next.show_loaded(report, None);
                next.bytes = None;
                next.worker_file = None;
            }
            Action::LoadFailed(why) => {
                // An empty reason only ends the progress (the file is then read here).
                next.notice = (!why.is_empty()).then_some(why);
                next.loading = None;
            }
            Action::Progress { name, done, total } => {
                next.loading = Some(Loading { name, done, total });
            }
            Action::Prepared { prepared, file, size } => {
                next.loading = None;
                let name = file.name();
                let options =
                    Options { format: next.format, name: Some(name.clone()), ..Options::default() };
                let report = timed(|| inspect_prepared(*prepared, &options));
                next.show_loaded(report, Some(LoadedFile { name, size }));
                next.bytes = None;
                next.worker_file = Some(file);
            }
            Action::SetFormat(format) => {
                next.format = format;
                if next.worker_file.is_some() || (format == Format::Pcap && next.bytes.is_some()) {
                    // The worker reads the file (see `input::read_in_worker`).
                    return Rc::new(next);
                }
                let name = next.file.as_ref().map(|f| f.name.clone());
                match next.bytes.clone() {
                    Some(bytes) => {
                        next.reanalyse(&bytes, name, false);
                        next.show_source();
                    }
                    None => {
                        let input = next.input.clone();
                        next.reanalyse(input.as_bytes(), name, true);
                    }
                }
            }
            Action::SelectExchange(index) => {
                if index >= self.report.exchanges.len() {
                    return self;
                }
                next.exchange = index;
                next.selection = None;
            }
            Action::SelectFinding(index) => {
                let findings = findings_of(&self.report, self.exchange);
                let Some(finding) = findings.get(index) else { return self };
                let header = self.current().and_then(|e| header_at(e, finding.span));
                next.selection =
                    Some(Selection { span: finding.span, finding: Some(index), header });
            }
            Action::ToggleHeader(target) => {
                let already = self.selection.and_then(|s| s.header) == Some(target);
                let line = self.current().and_then(|e| header_of(e, target)).map(|h| h.line_span);
                next.selection = match (already, line) {
                    (false, Some(span)) => {
                        Some(Selection { span, finding: None, header: Some(target) })
                    }
                    _ => None,
                };
            }
            Action::ClearSelection => next.selection = None,
            Action::SetRedact(on) => next.redact = on,
            Action::SetRedactOptions(options) => next.redact_options = options,
            Action::DismissNotice => next.notice = None,
        }
        Rc::new(next)
    }
}

/// The findings shown for an exchange: the input's own findings and the exchange's, by
/// severity (worst first), then by position.
pub fn findings_of(report: &Report, exchange: usize) -> Vec<&Finding> {
    let own = report.exchanges.get(exchange).map(|e| e.findings.as_slice()).unwrap_or_default();
    let mut all: Vec<&Finding> = report.findings.iter().chain(own).collect();
    all.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.span.start.cmp(&b.span.start)));
    all
}

/// The message a part names.
pub fn message_of(exchange: &Exchange, part: Part) -> Option<&Message> {
    match part {
        Part::Request => exchange.request.as_ref(),
        Part::Response => exchange.response.as_ref(),
        Part::Input | Part::Handshake => None,
    }
}

/// The header a reference points at.
pub fn header_of(exchange: &Exchange, target: HeaderRef) -> Option<&Header> {
    message_of(exchange, target.part)?.headers.get(target.index)
}

/// The header whose field line holds a span (a finding's), if any.
pub fn header_at(exchange: &Exchange, span: Span) -> Option<HeaderRef> {
    [Part::Request, Part::Response].into_iter().find_map(|part| {
        let message = message_of(exchange, part)?;
        let index =
            message.headers.iter().position(|h| h.line_span.contains(span) && !span.is_empty())?;
        Some(HeaderRef { part, index })
    })
}

/// Indexes (into [`findings_of`]) of the findings about one header: those whose primary span
/// or a label lies on its line.
pub fn findings_on(findings: &[&Finding], header: &Header) -> Vec<usize> {
    let on_line = |span: Span| !span.is_empty() && header.line_span.contains(span);
    findings
        .iter()
        .enumerate()
        .filter(|(_, f)| on_line(f.span) || f.labels.iter().any(|l| on_line(l.span)))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::by_id;

    fn viewer(example: &str) -> Rc<Viewer> {
        let shared = Shared { example: Some(example.into()), ..Shared::default() };
        Rc::new(Viewer::from_fragment(shared, false))
    }

    #[test]
    fn opens_on_the_rfc_sample() {
        let v = Viewer::from_fragment(Shared::default(), false);
        assert_eq!(v.input.as_bytes(), samples::EXAMPLES[0].bytes);
        assert_eq!(v.report.exchanges.len(), 1);
        assert!(v.notice.is_none());
    }

    #[test]
    fn unknown_example_is_explained() {
        let v = viewer("no-such-example");
        assert!(v.notice.as_deref().unwrap().contains("no-such-example"));
    }

    #[test]
    fn edit_waits_for_its_own_analysis() {
        let v = viewer("rfc6455");
        let v = v.reduce(Action::Edit("HTTP/1.1 200 OK\r\n\r\n".into()));
        assert!(v.pending);
        assert!(v.report.exchanges[0].request.is_some(), "no analysis before the pause");
        let v = v.reduce(Action::Analyse);
        assert!(!v.pending);
        assert!(v.report.exchanges[0].request.is_none());
        let again = v.clone().reduce(Action::Analyse);
        assert!(Rc::ptr_eq(&again, &v), "nothing pending, nothing to do");
    }

    #[test]
    fn selecting_a_finding_selects_its_header_row() {
        let v = viewer("wrong-accept");
        let findings = findings_of(&v.report, 0);
        let index = findings.iter().position(|f| f.code == "WS226").expect("WS226");
        let v = v.reduce(Action::SelectFinding(index));
        let selection = v.selection.unwrap();
        assert_eq!(selection.span, findings_of(&v.report, 0)[index].span);
        let header = header_of(v.current().unwrap(), selection.header.unwrap()).unwrap();
        assert!(header.name.eq_ignore_ascii_case("Sec-WebSocket-Accept"));
    }

    #[test]
    fn header_toggle_selects_its_line_then_unselects() {
        let v = viewer("rfc6455");
        let target = HeaderRef { part: Part::Request, index: 0 };
        let v = v.reduce(Action::ToggleHeader(target));
        assert_eq!(v.selection.unwrap().header, Some(target));
        let v = v.reduce(Action::ToggleHeader(target));
        assert_eq!(v.selection, None);
    }

    #[test]
    fn shared_span_resolves_to_its_finding() {
        let base = viewer("wrong-accept");
        let findings = findings_of(&base.report, 0);
        let span = findings.iter().find(|f| f.code == "WS226").unwrap().span;
        let shared = Shared {
            text: Some(String::from_utf8_lossy(by_id("wrong-accept").unwrap().bytes).into_owned()),
            span: Some(span),
            ..Shared::default()
        };
        let v = Viewer::from_fragment(shared, false);
        let selection = v.selection.unwrap();
        assert_eq!(findings_of(&v.report, 0)[selection.finding.unwrap()].code, "WS226");
    }

    #[test]
    fn findings_are_worst_first() {
        let v = viewer("wrong-accept");
        let findings = findings_of(&v.report, 0);
        assert!(findings.windows(2).all(|w| w[0].severity >= w[1].severity));
    }

    #[test]
    fn a_har_file_shows_its_rebuilt_view() {
        let bytes = include_bytes!(
            "../../crates/wslens-core/tests/fixtures/rules/CAP701-har-rebuilt.har.json"
        );
        let v = viewer("rfc6455")
            .reduce(Action::Load { bytes: bytes.to_vec(), file: Some("x.har".into()) });
        assert_eq!(v.report.source.format, Format::Har);
        assert!(v.report.summary.exchanges >= 1);
        assert_eq!(&*v.input, v.report.source.text.as_str());
        assert_eq!(v.file.as_ref().unwrap().name, "x.har");
        // Forcing a format re-reads the file's bytes, not the rebuilt text in the box (that
        // would read as raw text).
        let before = v.report.clone();
        let v = v.reduce(Action::SetFormat(Format::Auto));
        assert!(!Rc::ptr_eq(&v.report, &before));
        assert_eq!(v.report.source.format, Format::Har);
        assert!(v.report.summary.exchanges >= 1);
        // Forcing pcap leaves the reading to the worker (the page's core has no pcap reader,
        // and the worker exists only in a browser): the report stays until it answers.
        let before = v.report.clone();
        let v = v.reduce(Action::SetFormat(Format::Pcap));
        assert!(Rc::ptr_eq(&v.report, &before));
        assert_eq!(v.format, Format::Pcap);
    }

    #[test]
    fn typed_text_is_not_blamed_for_the_text_box_line_endings() {
        let typed = String::from_utf8_lossy(by_id("rfc6455").unwrap().bytes).replace("\r\n", "\n");
        let v = viewer("rfc6455").reduce(Action::Edit(typed.clone())).reduce(Action::Analyse);
        assert!(findings_of(&v.report, 0).iter().all(|f| f.code != "HTTP001"));
        // The same text loaded as a file keeps its bare LF finding.
        let v = v.reduce(Action::Load { bytes: typed.into_bytes(), file: Some("lf.txt".into()) });
        assert!(findings_of(&v.report, 0).iter().any(|f| f.code == "HTTP001"));
    }
}
