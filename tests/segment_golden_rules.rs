//! The Golden Rules of sentence boundary detection (English, 48 cases from
//! pySBD, MIT) against `segment::sentences`. The cases live in the shared
//! data folder, not in the repository: the test skips when it is absent.

use std::path::PathBuf;

/// The shared data folder: `$STANCELENS_SHARED`, `../shared` beside the
/// checkout, or `/work/shared`.
fn shared_dir() -> Option<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("STANCELENS_SHARED")
        .map(PathBuf::from)
        .into_iter()
        .chain([manifest.join("../shared"), PathBuf::from("/work/shared")])
        .find(|p| p.join("data/golden_rules_en.jsonl").is_file())
}

#[derive(serde::Deserialize)]
struct Case {
    id: u32,
    name: String,
    text: String,
    expected: Vec<String>,
}

#[test]
fn golden_rules_pass_at_least_46_of_48() {
    let Some(dir) = shared_dir() else {
        eprintln!("note: golden_rules_en.jsonl not found (set STANCELENS_SHARED); skipping");
        return;
    };
    let data = std::fs::read_to_string(dir.join("data/golden_rules_en.jsonl"))
        .expect("golden rules file is readable");
    let cases: Vec<Case> = data
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("each line is a case"))
        .collect();
    assert_eq!(cases.len(), 48, "the file holds the 48 English Golden Rules");

    let mut passed = 0;
    for case in &cases {
        let got: Vec<&str> = stancelens::segment::sentences(&case.text)
            .iter()
            .map(|s| s.slice(&case.text).trim())
            .filter(|s| !s.is_empty())
            .collect();
        let want: Vec<&str> =
            case.expected.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
        if got == want {
            passed += 1;
        } else {
            println!(
                "FAIL {} ({}):\n  text: {:?}\n  want: {want:?}\n  got:  {got:?}",
                case.id, case.name, case.text
            );
        }
    }
    println!("golden rules: {passed}/{}", cases.len());
    assert!(passed >= 46, "golden rules: {passed}/48, want at least 46");
}
