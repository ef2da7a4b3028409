//! Cutting the transcript into runs for highlighting: each run carries the worst severity of
//! the findings covering it and whether it lies in the selection. The viewer's transcript
//! and the CLI's HTML report both draw their marks from these runs.

use crate::report::{Severity, Span};

/// A run of text with one look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    /// Bytes of the transcript.
    pub span: Span,
    /// Worst severity of the findings covering it.
    pub severity: Option<Severity>,
    /// Inside the selected span.
    pub selected: bool,
}

/// Runs covering `window` in order. An empty selection becomes an empty run (a caret).
pub fn runs(window: Span, marks: &[(Span, Severity)], selection: Option<Span>) -> Vec<Run> {
    let (from, len) = (window.start, window.end);
    let clip = |at: u32| at.clamp(from, len);
    let mut cuts: Vec<u32> = vec![from, len];
    for (span, _) in marks.iter().filter(|(s, _)| !s.is_empty()) {
        cuts.extend([clip(span.start), clip(span.end)]);
    }
    if let Some(sel) = selection {
        cuts.extend([clip(sel.start), clip(sel.end)]);
    }
    cuts.sort_unstable();
    cuts.dedup();

    let mut out: Vec<Run> = Vec::with_capacity(cuts.len());
    for pair in cuts.windows(2) {
        let span = Span { start: pair[0], end: pair[1] };
        let severity = marks.iter().filter(|(m, _)| m.contains(span)).map(|(_, s)| *s).max();
        let selected = selection.is_some_and(|s| !s.is_empty() && s.contains(span));
        if let Some(caret) = selection.filter(|s| s.is_empty() && s.start == span.start) {
            out.push(Run { span: caret, severity: None, selected: true });
        }
        match out.last_mut() {
            Some(last)
                if !last.span.is_empty()
                    && last.severity == severity
                    && last.selected == selected =>
            {
                last.span.end = span.end;
            }
            _ => out.push(Run { span, severity, selected }),
        }
    }
    if selection.is_some_and(|s| s.is_empty() && s.start == len) {
        out.push(Run { span: Span { start: len, end: len }, severity: None, selected: true });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: u32, end: u32) -> Span {
        Span { start, end }
    }

    #[test]
    fn overlapping_marks_take_the_worst_severity() {
        let marks = [(span(2, 8), Severity::Warning), (span(4, 6), Severity::Error)];
        let got = runs(span(0, 10), &marks, None);
        let summary: Vec<_> = got.iter().map(|r| (r.span.start, r.span.end, r.severity)).collect();
        assert_eq!(
            summary,
            vec![
                (0, 2, None),
                (2, 4, Some(Severity::Warning)),
                (4, 6, Some(Severity::Error)),
                (6, 8, Some(Severity::Warning)),
                (8, 10, None),
            ]
        );
    }

    #[test]
    fn selection_is_its_own_run_and_runs_cover_everything() {
        let got = runs(span(0, 10), &[(span(0, 10), Severity::Info)], Some(span(3, 5)));
        assert_eq!(
            got.iter().filter(|r| r.selected).map(|r| r.span).collect::<Vec<_>>(),
            vec![span(3, 5)]
        );
        assert_eq!(got.first().unwrap().span.start, 0);
        assert_eq!(got.last().unwrap().span.end, 10);
        assert!(got.windows(2).all(|w| w[0].span.end == w[1].span.start));
    }

    #[test]
    fn a_window_clips_marks_and_selection() {
        let got = runs(span(4, 8), &[(span(0, 6), Severity::Error)], Some(span(7, 20)));
        let summary: Vec<_> =
            got.iter().map(|r| (r.span.start, r.span.end, r.severity, r.selected)).collect();
        assert_eq!(
            summary,
            vec![(4, 6, Some(Severity::Error), false), (6, 7, None, false), (7, 8, None, true)]
        );
        assert!(
            runs(span(4, 8), &[], Some(span(1, 1))).iter().all(|r| !r.selected),
            "a caret outside stays out"
        );
    }

    #[test]
    fn empty_selection_becomes_a_caret() {
        let got = runs(span(0, 6), &[], Some(span(3, 3)));
        assert!(got.iter().any(|r| r.selected && r.span == span(3, 3)));
        let at_end = runs(span(0, 6), &[], Some(span(6, 6)));
        assert!(at_end.iter().any(|r| r.selected && r.span == span(6, 6)));
    }
}
