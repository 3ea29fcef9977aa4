//! An HTML view of a document for notebooks: statements highlighted by
//! stance colour, speaker mentions and cues marked, scores and evidence in
//! the hover title. Pure string building, so it is tested without Python.

use std::fmt::Write;

use ndarray::Array2;

use crate::analyzer::Document;
use crate::attribution::Statement;
use crate::score::Evidence;
use crate::span::Span;

/// Colours for stance columns, in order (colour-blind-safe Okabe–Ito set);
/// columns beyond the palette reuse it.
const PALETTE: &[&str] =
    &["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442"];
const NO_STANCE: &str = "#DDDDDD";

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape(s, &mut out);
    out
}

/// A span to wrap in a tag.
struct Mark {
    span: Span,
    open: String,
    close: &'static str,
}

/// Keeps marks that are properly nested or disjoint (HTML cannot express
/// crossing spans), preferring the earlier and longer one.
fn nested(mut marks: Vec<Mark>) -> Vec<Mark> {
    marks.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(b.span.end.cmp(&a.span.end)));
    let mut kept: Vec<Mark> = Vec::with_capacity(marks.len());
    let mut open: Vec<Span> = Vec::new();
    for m in marks {
        while open.last().is_some_and(|o| o.end <= m.span.start) {
            open.pop();
        }
        if m.span.is_empty() || open.last().is_some_and(|o| !o.contains(m.span)) {
            continue;
        }
        if kept.last().is_some_and(|k| k.span == m.span) {
            continue; // a mention shared by several statements is marked once
        }
        open.push(m.span);
        kept.push(m);
    }
    kept
}

/// Renders `doc` as an HTML fragment. `labels[i]` are the stance columns of
/// statement `i` (its colour is the first label's).
pub fn render(doc: &Document, labels: &[Vec<usize>]) -> String {
    render_parts(&View {
        text: &doc.text,
        statements: &doc.statements,
        evidence: &doc.evidence,
        stances: &doc.stances,
        scores: &doc.scores,
        labels,
    })
}

/// What [`render_parts`] draws: a document's text and statements, by parts,
/// so that bindings holding converted documents can render them too.
pub struct View<'a> {
    pub text: &'a str,
    pub statements: &'a [Statement],
    pub evidence: &'a [Vec<Evidence>],
    pub stances: &'a [String],
    pub scores: &'a Array2<f32>,
    pub labels: &'a [Vec<usize>],
}

/// Renders a [`View`] as an HTML fragment.
pub fn render_parts(view: &View<'_>) -> String {
    let View { text, statements, evidence, stances, scores, labels } = *view;
    let mut marks = Vec::new();
    for (i, st) in statements.iter().enumerate() {
        let label = labels.get(i).and_then(|l| l.first()).copied();
        let colour = label.map_or(NO_STANCE, |j| PALETTE[j % PALETTE.len()]);
        let mut title = format!("{} · {}", st.kind.as_str(), st.speaker.as_deref().unwrap_or("?"));
        for (j, name) in stances.iter().enumerate() {
            let v = scores.get((i, j)).copied().unwrap_or(0.0);
            let _ = write!(title, "\n{name}: {v:.2}");
        }
        for ev in evidence.get(i).into_iter().flatten() {
            let stance = stances.get(ev.stance).map_or("?", String::as_str);
            let _ = write!(title, "\n  “{}” → {stance} {:+.2}", ev.span.slice(text), ev.weight);
            if !ev.modifiers.is_empty() {
                let _ = write!(title, " ({})", ev.modifiers.join(", "));
            }
        }
        marks.push(Mark {
            span: st.content,
            open: format!(
                "<span class=\"sl-statement\" style=\"background:{colour}55;border-bottom:2px solid {colour}\" title=\"{}\">",
                escaped(&title)
            ),
            close: "</span>",
        });
        if let Some(m) = st.speaker_mention {
            marks.push(Mark {
                span: m,
                open: format!(
                    "<span class=\"sl-speaker\" style=\"font-weight:bold\" title=\"speaker: {}\">",
                    escaped(st.speaker.as_deref().unwrap_or("?"))
                ),
                close: "</span>",
            });
        }
        if let Some(c) = st.cue {
            marks.push(Mark {
                span: c,
                open: "<span class=\"sl-cue\" style=\"text-decoration:underline dotted\" title=\"cue\">".into(),
                close: "</span>",
            });
        }
    }
    let marks = nested(marks);
    // Walk the text once, opening and closing marks at their offsets.
    let mut out = String::with_capacity(text.len() * 2);
    out.push_str("<div class=\"stancelens-doc\" style=\"white-space:pre-wrap;line-height:1.6\">");
    let mut pos = 0;
    let mut stack: Vec<(usize, &'static str)> = Vec::new();
    let close_until =
        |at: usize, pos: &mut usize, out: &mut String, stack: &mut Vec<(usize, &'static str)>| {
            while let Some(&(end, close)) = stack.last() {
                if end > at {
                    break;
                }
                escape(text.get(*pos..end).unwrap_or(""), out);
                *pos = end;
                out.push_str(close);
                stack.pop();
            }
        };
    for m in &marks {
        close_until(m.span.start, &mut pos, &mut out, &mut stack);
        escape(text.get(pos..m.span.start).unwrap_or(""), &mut out);
        pos = m.span.start;
        out.push_str(&m.open);
        stack.push((m.span.end, m.close));
    }
    close_until(usize::MAX, &mut pos, &mut out, &mut stack);
    escape(text.get(pos..).unwrap_or(""), &mut out);
    out.push_str("</div>");
    // Legend: which colour is which stance.
    out.push_str("<div class=\"stancelens-legend\" style=\"margin-top:4px;font-size:85%\">");
    for (j, name) in stances.iter().enumerate() {
        let _ = write!(
            out,
            "<span style=\"background:{}55;padding:0 4px;margin-right:6px\">{}</span>",
            PALETTE[j % PALETTE.len()],
            escaped(name)
        );
    }
    out.push_str("</div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::StatementKind;
    use crate::Analyzer;

    fn at(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    }

    fn strip_tags(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn text_survives_rendering_and_markup_is_escaped() {
        let analyzer = Analyzer::default();
        let text = "<b>Bold</b> & “quoted,” she said. Ünïcödé 😀";
        let mut doc = analyzer.analyze(text, None).unwrap();
        doc.statements.push(Statement {
            kind: StatementKind::Direct,
            content: at(text, "“quoted,”"),
            speaker_mention: Some(at(text, "she")),
            speaker: Some("Ms <X>".into()),
            cue: Some(at(text, "said")),
        });
        let n = doc.statements.len();
        doc.scores = ndarray::Array2::zeros((n, doc.stances.len()));
        let html = render(&doc, &vec![vec![0]; n]);
        let body = html.split("<div class=\"stancelens-legend\"").next().unwrap();
        let plain = strip_tags(body)
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        assert_eq!(plain, text);
        assert!(!html.contains("<b>Bold"));
        assert!(html.contains("Ms &lt;X&gt;"));
        assert!(html.contains("sl-speaker") && html.contains("sl-cue"));
    }

    #[test]
    fn crossing_spans_are_dropped_not_garbled() {
        let a = Mark { span: Span::new(0, 10), open: String::new(), close: "" };
        let b = Mark { span: Span::new(5, 15), open: String::new(), close: "" };
        let c = Mark { span: Span::new(2, 4), open: String::new(), close: "" };
        let kept = nested(vec![a, b, c]);
        let spans: Vec<Span> = kept.iter().map(|m| m.span).collect();
        assert_eq!(spans, [Span::new(0, 10), Span::new(2, 4)]);
    }
}
