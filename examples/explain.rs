//! Prints the evidence behind the stance scores of each argument, scored as
//! one statement with the default lexicon:
//! `cargo run --example explain -- "We will not seek talks." ...`
//! A `|` in the text separates a cue from the content (`denied | planning`).

fn main() {
    let lexicon = stancelens::Lexicon::default_english();
    let tokenizer = stancelens::Tokenizer::english();
    for text in std::env::args().skip(1) {
        let (cue, content) = match text.find('|') {
            Some(i) => {
                (Some(stancelens::Span::new(0, i)), stancelens::Span::new(i + 1, text.len()))
            }
            None => (None, stancelens::Span::new(0, text.len())),
        };
        let tokens = match tokenizer.tokenize(&text) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{e}");
                continue;
            }
        };
        let (scores, evidence) =
            stancelens::score::score_spans(&lexicon, &tokens, &[content], &[cue]);
        println!("{text}");
        for (j, name) in lexicon.stances().iter().enumerate() {
            print!("  {name}={:.2}", scores.get((0, j)).copied().unwrap_or(0.0));
        }
        println!();
        for e in evidence.iter().flatten() {
            let stance = lexicon.stances().get(e.stance).map_or("?", String::as_str);
            println!(
                "    {:?} entry={:?} → {stance} {:.2} {:?}",
                e.span.slice(&text),
                e.entry,
                e.weight,
                e.modifiers
            );
        }
    }
}
