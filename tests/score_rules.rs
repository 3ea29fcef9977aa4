//! The stance rules, one behaviour per test, on sentences written for them.

use std::sync::OnceLock;

use proptest::prelude::*;
use stancelens::score::{self, modifier, Evidence};
use stancelens::{Lexicon, Span, Token, Tokenizer};

const TEST_TOML: &str = include_str!("fixtures/test_lexicon.toml");
const DETERRENCE: usize = 0;
const DIALOGUE: usize = 1;
const DENIAL: usize = 2;

fn lex() -> Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::from_toml_str(TEST_TOML, None).unwrap()).clone()
}

fn tokens(text: &str) -> Vec<Token> {
    static TOK: OnceLock<Tokenizer> = OnceLock::new();
    TOK.get_or_init(Tokenizer::english).tokenize(text).unwrap()
}

/// Scores the whole text as one statement without a cue.
fn score(text: &str) -> (Vec<f32>, Vec<Evidence>) {
    score_with_cue(text, None)
}

/// Scores `text` with the statement's cue being the first occurrence of
/// `cue` and the content everything after it.
fn score_with_cue(text: &str, cue: Option<&str>) -> (Vec<f32>, Vec<Evidence>) {
    let lex = lex();
    let toks = tokens(text);
    let (content, cue_span) = match cue {
        Some(c) => {
            let at = text.find(c).unwrap();
            (Span::new(at + c.len(), text.len()), Some(Span::new(at, at + c.len())))
        }
        None => (Span::new(0, text.len()), None),
    };
    let (scores, mut ev) = score::score_spans(&lex, &toks, &[content], &[cue_span]);
    (scores.row(0).to_vec(), ev.pop().unwrap())
}

fn find<'a>(ev: &'a [Evidence], entry: &str) -> &'a Evidence {
    ev.iter().find(|e| e.entry == entry).unwrap_or_else(|| panic!("no {entry} in {ev:?}"))
}

fn has(e: &Evidence, m: &str) -> bool {
    e.modifiers.iter().any(|x| x == m)
}

#[test]
fn a_plain_term_scores_its_stance() {
    let text = "The alliance will deploy two more brigades.";
    let (s, ev) = score(text);
    assert!(s[DETERRENCE] >= 0.35 && s[DETERRENCE] < 1.0, "{s:?}");
    assert_eq!((s[DIALOGUE], s[DENIAL]), (0.0, 0.0));
    let e = find(&ev, "deploy");
    assert_eq!(e.span.slice(text), "deploy");
    assert_eq!((e.stance, e.weight), (DETERRENCE, 1.0));
}

#[test]
fn inflected_forms_match_their_base_entry() {
    for (text, entry) in [
        ("Warships were deployed last week.", "deploy"),
        ("They keep deploying jets.", "deploy"),
        ("The envoy negotiated for hours.", "negotiate"),
        ("Both sides are negotiating.", "negotiate"),
        ("He reinforces the flank.", "reinforce"),
        ("The ministry denies everything.", "deny"),
    ] {
        let (_, ev) = score(text);
        assert!(ev.iter().any(|e| e.entry == entry), "{text}: {ev:?}");
    }
}

#[test]
fn longest_multiword_match_wins() {
    let text = "Aggression would come at a high price.";
    let (_, ev) = score(text);
    let e = find(&ev, "high price");
    assert_eq!(e.span.slice(text), "high price");
    assert_eq!(ev.len(), 1);
    let text = "We proposed new arms control talks to Moscow.";
    let (_, ev) = score(text);
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!(ev[0].entry, "arms control talks");
    assert_eq!(ev[0].span.slice(text), "arms control talks");
}

#[test]
fn trailing_wildcard_matches_any_continuation() {
    for (text, word) in [
        ("Our deterrence posture is strong.", "deterrence"),
        ("This is meant to deter.", "deter"),
        ("Deterring attacks is the goal.", "Deterring"),
    ] {
        let (_, ev) = score(text);
        let e = find(&ev, "deter*");
        assert_eq!(e.span.slice(text), word);
    }
}

#[test]
fn negated_deterrence_becomes_denial() {
    let (s, ev) = score("We do not seek confrontation with anyone.");
    assert_eq!(s[DETERRENCE], 0.0);
    assert!(s[DENIAL] > 0.0);
    let e = find(&ev, "confrontation");
    assert_eq!(e.stance, DENIAL);
    assert!(has(e, modifier::NEGATED));
}

#[test]
fn contracted_negation_works_like_not() {
    let (s, _) = score("They won't deploy near the border.");
    assert_eq!(s[DETERRENCE], 0.0);
    assert!(s[DENIAL] > 0.0);
}

#[test]
fn negated_dialogue_is_cancelled() {
    let (s, ev) = score("There will be no talks this year.");
    assert_eq!(s, [0.0, 0.0, 0.0]);
    let e = find(&ev, "talks");
    assert!(has(e, modifier::CANCELLED));
    assert_eq!(e.weight, 0.0);
}

#[test]
fn negated_denial_is_cancelled_and_affirms_its_object() {
    let (s, ev) = score("The ministry did not deny deploying the rockets.");
    assert_eq!(s[DENIAL], 0.0, "{ev:?}");
    // Not denying the deployment affirms it: the negation ends at "deny".
    assert!(s[DETERRENCE] > 0.0, "{ev:?}");
    assert!(!has(find(&ev, "deploy"), modifier::NEGATED));
}

#[test]
fn negation_scope_stops_at_clause_punctuation_and_window() {
    let (s, _) = score("No, we will deploy the battalion.");
    assert!(s[DETERRENCE] > 0.0 && s[DENIAL] == 0.0);
    let (s, _) = score("Nobody said not once in these very long months that we deploy.");
    assert!(s[DETERRENCE] > 0.0 && s[DENIAL] == 0.0);
}

#[test]
fn a_longer_term_containing_a_negator_is_not_negated() {
    let text = "We have no plans to attack anyone.";
    let (s, ev) = score(text);
    let e = find(&ev, "no plans to");
    assert_eq!((e.stance, e.weight), (DENIAL, 2.0));
    assert!(s[DENIAL] > 0.5);
    let (_, ev) = score("We don't intend to move.");
    assert_eq!(find(&ev, "don't intend").stance, DENIAL);
}

#[test]
fn a_phrase_with_its_own_negator_ignores_an_outer_one() {
    let (s, ev) = score("We never had no plans to attack.");
    assert!(s[DENIAL] > 0.5, "{ev:?}");
    assert!(!has(find(&ev, "no plans to"), modifier::CANCELLED));
    let (_, ev) = score("They can't and don't intend to move.");
    assert_eq!(find(&ev, "don't intend").stance, DENIAL);
}

#[test]
fn intensifiers_and_hedges_scale_the_next_match() {
    let (_, ev) = score("We are very ready to engage.");
    let e = find(&ev, "ready to engage");
    assert!((e.weight - 2.6).abs() < 1e-5 && has(e, modifier::INTENSIFIED));
    let (s_hedged, ev) = score("We may deploy more ships.");
    let e = find(&ev, "deploy");
    assert!((e.weight - 0.6).abs() < 1e-6 && has(e, modifier::HEDGED));
    let (s_plain, _) = score("We deploy more ships.");
    assert!(s_hedged[DETERRENCE] < s_plain[DETERRENCE]);
    // The factor does not leak past a clause break.
    let (_, ev) = score("It may rain, and we deploy.");
    assert_eq!(find(&ev, "deploy").weight, 1.0);
}

#[test]
fn contrast_weights_the_clause_after_it() {
    let (s, ev) = score("We welcome talks, but we will deploy more troops.");
    let talks = find(&ev, "talks");
    let deploy = find(&ev, "deploy");
    assert!(has(talks, modifier::BEFORE_CONTRAST) && talks.weight == 0.5);
    assert!(has(deploy, modifier::AFTER_CONTRAST) && deploy.weight == 1.5);
    assert!(s[DETERRENCE] > s[DIALOGUE]);
}

#[test]
fn sentence_initial_although_weakens_its_own_clause() {
    let (s, ev) = score("Although we deploy more ships, we want talks.");
    assert!(has(find(&ev, "deploy"), modifier::BEFORE_CONTRAST));
    assert!(has(find(&ev, "talks"), modifier::AFTER_CONTRAST));
    assert!(s[DIALOGUE] > s[DETERRENCE]);
    // Without a clause break the marker's sentence is the stronger side.
    let (_, ev) = score("Talks failed. But we negotiate on.");
    assert!(has(find(&ev, "negotiate"), modifier::AFTER_CONTRAST));
    assert!(!has(find(&ev, "talks"), modifier::BEFORE_CONTRAST));
}

#[test]
fn contrast_is_scoped_to_its_sentence() {
    let (_, ev) = score("We deploy. We want talks, but later.");
    assert!(find(&ev, "deploy").modifiers.is_empty());
    assert!(has(find(&ev, "talks"), modifier::BEFORE_CONTRAST));
}

#[test]
fn denial_cue_turns_its_object_into_denial() {
    let text = "The ministry denied planning an offensive near the border.";
    let (s, ev) = score(text);
    let e = find(&ev, "offensive");
    assert_eq!(e.stance, DENIAL);
    assert!(has(e, modifier::DENIED_OBJECT));
    assert_eq!(s[DETERRENCE], 0.0);
    assert!(s[DENIAL] > 0.5);
    // The scope ends at the clause break.
    let (s, _) = score("They dismissed the report, and will deploy.");
    assert!(s[DETERRENCE] > 0.0);
}

#[test]
fn the_statements_cue_is_evidence() {
    let text = "Officials rejected plans to deploy troops near the border.";
    let (s, ev) = score_with_cue(text, Some("rejected"));
    let cue = find(&ev, "reject");
    assert_eq!(cue.span.slice(text), "rejected");
    assert!(has(cue, modifier::CUE));
    assert_eq!((cue.stance, cue.weight), (DENIAL, 2.0));
    // The content is the rejected act.
    let d = find(&ev, "deploy");
    assert!(has(d, modifier::DENIED_OBJECT));
    assert_eq!(s[DETERRENCE], 0.0);
    assert!(s[DENIAL] > 0.7);
    // A content-only term never matches in the cue, and cue terms never in content.
    let (_, ev) = score("They warn and reject and deploy.");
    assert!(ev.iter().all(|e| e.entry != "warn" && e.entry != "reject"));
}

#[test]
fn negated_cue_does_not_deny() {
    let text = "He did not deny that they deploy.";
    let (s, _) = score_with_cue(text, Some("did not deny"));
    assert_eq!(s[DENIAL], 0.0);
    assert!(s[DETERRENCE] > 0.0);
}

#[test]
fn scores_follow_the_documented_curve_and_labels_use_thresholds() {
    assert_eq!(score::normalize(0.0), 0.0);
    assert!((score::normalize(1.0) - 1.0 / 5f32.sqrt()).abs() < 1e-6);
    assert!(score::normalize(1e30) < 1.0);
    let lex = lex();
    let toks = tokens("We deploy. We may hold talks. We deny it.");
    let spans = [Span::new(0, 10), Span::new(11, 29), Span::new(30, 41)];
    let (scores, _) = score::score_spans(&lex, &toks, &spans, &[]);
    let labels = score::labels_of(&scores, &lex);
    // deploy 1.0 → 0.447 ≥ 0.35; hedged talks 0.6 → 0.29 < 0.35; deny 1.5 → 0.6.
    assert_eq!(labels, vec![vec![DETERRENCE], vec![], vec![DENIAL]]);
}

#[test]
fn user_stances_without_denial_ignore_denial_cues() {
    let src = "stances = [\"escalation\"]\n[terms.escalation]\nmobilize = 1.0\n[modifiers]\ndenial_cues = [\"deny\"]\n";
    let lex = Lexicon::from_toml_str(src, None).unwrap();
    let text = "They deny they mobilize.";
    let (scores, ev) = score::score_spans(&lex, &tokens(text), &[Span::new(0, text.len())], &[]);
    assert!(scores[(0, 0)] > 0.0);
    assert_eq!(ev[0][0].stance, 0);
}

const VOCAB: &[&str] = &[
    "we",
    "deploy",
    "deployed",
    "talks",
    "not",
    "no",
    "plans",
    "to",
    "very",
    "may",
    "but",
    "although",
    "denied",
    "high",
    "price",
    "deterrence",
    "arms",
    "control",
    ",",
    ".",
    "n't",
    "ready",
    "engage",
    "reject",
    "offensive",
    "é",
    "😀",
    "無理",
];

proptest! {
    #[test]
    fn evidence_lies_inside_its_statement_and_covers_the_words(
        words in proptest::collection::vec(proptest::sample::select(VOCAB), 0..60),
        cuts in proptest::collection::vec((0usize..400, 0usize..400, proptest::option::of((0usize..400, 0usize..20))), 0..6),
    ) {
        let text = words.join(" ");
        let lex = lex();
        let toks = tokens(&text);
        let boundary = |mut i: usize| { i = i.min(text.len()); while !text.is_char_boundary(i) { i -= 1; } i };
        let mut spans = Vec::new();
        let mut cues = Vec::new();
        for (a, b, cue) in cuts {
            let (a, b) = (boundary(a.min(b)), boundary(a.max(b)));
            spans.push(Span::new(a, b));
            cues.push(cue.map(|(c, l)| Span::new(boundary(c), boundary(c + l))));
        }
        let (scores, evidence) = score::score_spans(&lex, &toks, &spans, &cues);
        prop_assert_eq!(scores.nrows(), spans.len());
        prop_assert!(scores.iter().all(|&v| (0.0..1.0).contains(&v)));
        for (i, ev) in evidence.iter().enumerate() {
            for e in ev {
                let host = if has(e, modifier::CUE) { cues[i].unwrap() } else { spans[i] };
                prop_assert!(host.contains(e.span), "{:?} outside {:?}", e, host);
                // The span starts at a token start and ends at a token end.
                prop_assert!(toks.iter().any(|t| t.span.start == e.span.start));
                prop_assert!(toks.iter().any(|t| t.span.end == e.span.end));
                // It covers the matched words: it begins with the entry's
                // first letters (inflections keep them).
                let matched = e.span.slice(&text).to_lowercase();
                let stem: String = e.entry.trim_end_matches('*').chars().take(3).collect();
                prop_assert!(matched.starts_with(&stem), "{:?} vs {}", e, matched);
                prop_assert!(e.weight.is_finite() && e.weight >= 0.0);
            }
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,300}", a in 0usize..400, b in 0usize..400) {
        let lex = lex();
        let toks = tokens(&text);
        let span = Span::new(a.min(b), a.max(b));
        let (scores, _) = score::score_spans(&lex, &toks, &[span], &[Some(span)]);
        prop_assert!(scores.iter().all(|v| v.is_finite()));
    }
}

proptest! {
    /// Lexicon terms are cut into the same words as text, so they can meet.
    #[test]
    fn lexicon_words_equal_token_norms(
        words in proptest::collection::vec(proptest::sample::select(&[
            "Don't", "can't", "won’t", "cannot", "Russia's", "build-up", "1,000", "3.5", "n't",
            "they're", "U.S.", "no-fly", "(talks)", "é", "deploy", "--", "'quoted'",
        ][..]), 1..8)
    ) {
        let text = words.join(" ");
        let norms: Vec<String> = tokens(&text).into_iter().map(|t| t.norm.to_string()).collect();
        prop_assert_eq!(stancelens::lexicon::words::split(&text), norms);
    }
}

#[test]
fn wildcards_of_different_lengths_prefer_the_longest_prefix() {
    let src =
        "stances = [\"a\"]\n[terms.a]\n\"de*\" = 1.0\n\"deterr*\" = 2.0\n\"war crime*\" = 3.0\n";
    let lex = Lexicon::from_toml_str(src, None).unwrap();
    let text = "Deterrence, dense war crimes, d, é";
    let (_, ev) = score::score_spans(&lex, &tokens(text), &[Span::new(0, text.len())], &[]);
    let got: Vec<(&str, &str)> =
        ev[0].iter().map(|e| (e.span.slice(text), e.entry.as_str())).collect();
    assert_eq!(got, [("Deterrence", "deterr*"), ("dense", "de*"), ("war crimes", "war crime*")]);
}

proptest! {
    /// `TextScorer` (one token buffer, no string per token) scores a text
    /// exactly as the token path does, ASCII or not.
    #[test]
    fn text_scorer_equals_scoring_tokens(
        words in proptest::collection::vec(proptest::sample::select(VOCAB), 0..40),
        curly in proptest::bool::ANY,
    ) {
        let mut text = words.join(" ");
        if curly {
            text = text.replace('\'', "’").replace(" \"", " “");
        }
        let lex = lex();
        let (want, _) = score::score_spans(&lex, &tokens(&text), &[Span::new(0, text.len())], &[]);
        let mut got = vec![0.0; lex.stances().len()];
        score::TextScorer::default()
            .score_into(&Tokenizer::english(), &lex, &text, &mut got)
            .unwrap();
        prop_assert_eq!(want.row(0).to_vec(), got, "{}", text);
    }

    /// Scores without evidence (`Prepared::scores`, as the pipeline scores
    /// sentences) equal the scores of `score_spans`, over any spans of a
    /// text, and a `TextScorer` that scored another text first keeps
    /// nothing of it.
    #[test]
    fn scores_without_evidence_equal_scores_with_it(
        words in proptest::collection::vec(proptest::sample::select(VOCAB), 0..40),
        cuts in proptest::collection::vec(0usize..400, 0..6),
    ) {
        let text = words.join(" ");
        let mut bounds: Vec<usize> =
            cuts.into_iter().map(|c| c.min(text.len())).chain([0, text.len()]).collect();
        bounds.sort_unstable();
        let spans: Vec<Span> = bounds.windows(2).map(|w| Span::new(w[0], w[1])).collect();
        let (lex, toks) = (lex(), tokens(&text));
        let prepared = score::Prepared::new(&lex, &toks);
        prop_assert_eq!(prepared.scores(&spans), prepared.score_spans(&spans, &[]).0, "{}", text);

        let mut scorer = score::TextScorer::default();
        let mut first = vec![0.0; lex.stances().len()];
        let mut again = first.clone();
        scorer.score_into(&Tokenizer::english(), &lex, &text, &mut first).unwrap();
        scorer.score_into(&Tokenizer::english(), &lex, "but not deterrence", &mut again).unwrap();
        scorer.score_into(&Tokenizer::english(), &lex, &text, &mut again).unwrap();
        prop_assert_eq!(first, again, "{}", text);
    }
}
