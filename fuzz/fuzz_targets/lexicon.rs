//! Any lexicon text either loads or is refused with an error; a lexicon that
//! loads survives save → load unchanged and scores a text without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let parsed = match data.first().map(|b| b % 3) {
        Some(0) => stancelens::Lexicon::from_toml_str(src, None),
        Some(1) => stancelens::Lexicon::from_json_str(src),
        _ => stancelens::Lexicon::from_yaml_str(src),
    };
    let Ok(lexicon) = parsed else { return };
    if let Ok(saved) = lexicon.to_toml_string() {
        let again = stancelens::Lexicon::from_toml_str(&saved, None)
            .expect("a saved lexicon must load again");
        assert_eq!(again.to_toml_string().ok(), Some(saved));
    }
    let analyzer = stancelens::Analyzer { lexicon, ..Default::default() };
    let _ = analyzer.analyze("They denied any plans to deploy troops, but talks may resume.", None);
});
