//! Lexicon files: loading, saving, importing, and errors that point at the
//! offending line and entry.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use stancelens::lexicon::model::{LexiconFile, ModifiersFile};
use stancelens::{Error, Lexicon};

const TEST_TOML: &str = include_str!("fixtures/test_lexicon.toml");

fn test_lexicon() -> Lexicon {
    Lexicon::from_toml_str(TEST_TOML, None).unwrap()
}

/// The (file, line, entry, message) of a lexicon error, or a panic.
fn lex_err(
    r: stancelens::Result<Lexicon>,
) -> (Option<PathBuf>, Option<usize>, Option<String>, String) {
    match r {
        Err(Error::Lexicon { file, line, entry, message }) => (file, line, entry, message),
        Err(other) => panic!("expected a lexicon error, got {other}"),
        Ok(_) => panic!("expected a lexicon error, got a lexicon"),
    }
}

/// The test lexicon with `line` inserted after the line starting with `after`.
fn with_line(after: &str, line: &str) -> (String, usize) {
    let mut out = Vec::new();
    let mut at = 0;
    for (i, l) in TEST_TOML.lines().enumerate() {
        out.push(l.to_string());
        if l.starts_with(after) && at == 0 {
            out.push(line.to_string());
            at = i + 2;
        }
    }
    assert!(at > 0, "no line starting with {after:?}");
    (out.join("\n"), at)
}

#[test]
fn test_lexicon_loads_with_its_stances_and_entries() {
    let lex = test_lexicon();
    assert_eq!(lex.stances(), ["deterrence", "dialogue", "denial"]);
    assert_eq!(lex.meta().get("name").map(String::as_str), Some("test-lexicon"));
    assert_eq!(lex.len(), 7 + 5 + 3 + 4);
    assert!((lex.threshold(2) - 0.3).abs() < 1e-6);
    assert!((lex.threshold(0) - 0.35).abs() < 1e-6);
}

#[test]
fn default_english_file_is_valid() {
    let src = include_str!("../src/data/lexicon_en.toml");
    let parsed = Lexicon::from_toml_str(src, Some(Path::new("src/data/lexicon_en.toml")));
    let lex = parsed.unwrap_or_else(|e| panic!("{e}"));
    assert!(!lex.is_empty());
    assert_eq!(Lexicon::default_english(), lex);
    for s in ["deterrence", "dialogue", "denial"] {
        assert!(lex.stance_index(s).is_some(), "default lexicon lacks {s}");
    }
}

#[test]
fn toml_json_roundtrips_are_exact() {
    let lex = test_lexicon();
    let toml = lex.to_toml_string().unwrap();
    assert_eq!(Lexicon::from_toml_str(&toml, None).unwrap(), lex);
    let json = lex.to_json_string().unwrap();
    assert_eq!(Lexicon::from_json_str(&json).unwrap(), lex);
}

#[test]
fn yaml_reads_the_same_structure() {
    let yaml = r#"
stances: [deterrence, dialogue]
meta: {name: y}
terms:
  deterrence: {deploy: 1.0, "deter*": 1}
  dialogue: {"arms control": 2.0}
modifiers:
  negators: [not]
negation: {deterrence: none}
"#;
    let lex = Lexicon::from_yaml_str(yaml).unwrap();
    assert_eq!(lex.stances(), ["deterrence", "dialogue"]);
    assert_eq!(lex.len(), 3);
    let back = Lexicon::from_toml_str(&lex.to_toml_string().unwrap(), None).unwrap();
    assert_eq!(back, lex);
}

#[test]
fn stances_are_data() {
    let src = r#"
stances = ["escalation", "calm"]
[terms.escalation]
mobilize = 1.0
[terms.calm]
"stand down" = 1.0
[negation]
escalation = "calm"
"#;
    let lex = Lexicon::from_toml_str(src, None).unwrap();
    assert_eq!(lex.stances(), ["escalation", "calm"]);
    assert_eq!(lex.negation(0), stancelens::lexicon::NegationTarget::Stance(1));
}

#[test]
fn weight_that_is_not_a_number_names_line_and_entry() {
    let (src, line) = with_line("[terms.dialogue]", "summit = \"high\"");
    let (_, l, entry, msg) = lex_err(Lexicon::from_toml_str(&src, Some(Path::new("x.toml"))));
    assert_eq!(l, Some(line), "{msg}");
    assert_eq!(entry.as_deref(), Some("summit"));
}

#[test]
fn bad_weights_are_rejected_with_their_line() {
    for bad in ["nan", "-1.0", "inf", "0.0", "-inf"] {
        let (src, line) = with_line("[terms.denial]", &format!("refute = {bad}"));
        let (file, l, entry, msg) =
            lex_err(Lexicon::from_toml_str(&src, Some(Path::new("lex.toml"))));
        assert_eq!(file.as_deref(), Some(Path::new("lex.toml")));
        assert_eq!(l, Some(line), "{bad}: {msg}");
        assert_eq!(entry.as_deref(), Some("refute"), "{bad}");
    }
}

#[test]
fn empty_term_is_rejected() {
    let (src, line) = with_line("[terms.deterrence]", "\"  \" = 1.0");
    let (_, l, _, msg) = lex_err(Lexicon::from_toml_str(&src, None));
    assert!(msg.contains("empty"), "{msg}");
    assert_eq!(l, Some(line));
}

#[test]
fn misplaced_wildcard_is_rejected() {
    let (src, line) = with_line("[terms.deterrence]", "\"de*ter\" = 1.0");
    let (_, l, entry, msg) = lex_err(Lexicon::from_toml_str(&src, None));
    assert!(msg.contains("wildcard"), "{msg}");
    assert_eq!((l, entry.as_deref()), (Some(line), Some("de*ter")));
}

#[test]
fn unknown_stances_in_thresholds_negation_and_cues_are_errors() {
    let (src, line) = with_line("[thresholds]", "escalation = 0.2");
    let (_, l, entry, _) = lex_err(Lexicon::from_toml_str(&src, None));
    assert_eq!((l, entry.as_deref()), (Some(line), Some("escalation")));

    let src = TEST_TOML.replace("dialogue = \"none\"", "dialogue = \"appeasement\"");
    let line = src.lines().position(|l| l.contains("appeasement")).unwrap() + 1;
    let (_, l, entry, msg) = lex_err(Lexicon::from_toml_str(&src, None));
    assert!(msg.contains("appeasement"), "{msg}");
    assert_eq!((l, entry.as_deref()), (Some(line), Some("dialogue")));

    let src = format!("{TEST_TOML}\n[cues.escalation]\nthreaten = 1.0\n");
    let (_, l, _, msg) = lex_err(Lexicon::from_toml_str(&src, None));
    assert!(msg.contains("escalation"), "{msg}");
    assert_eq!(l, Some(src.lines().count() - 1));
}

#[test]
fn unknown_keys_are_errors() {
    let (src, line) = with_line("stances", "colour = \"red\"");
    let (_, l, _, msg) = lex_err(Lexicon::from_toml_str(&src, None));
    assert!(msg.contains("colour"), "{msg}");
    assert_eq!(l, Some(line));
    let (src, line) = with_line("[modifiers]", "boosters = [\"very\"]");
    let (_, l, _, msg) = lex_err(Lexicon::from_toml_str(&src, None));
    assert!(msg.contains("boosters"), "{msg}");
    assert_eq!(l, Some(line));
}

#[test]
fn duplicate_and_reserved_stances_are_errors() {
    let src = "stances = [\"a\", \"a\"]";
    assert!(lex_err(Lexicon::from_toml_str(src, None)).3.contains("twice"));
    let src = "stances = [\"none\"]";
    assert!(lex_err(Lexicon::from_toml_str(src, None)).3.contains("reserved"));
    let src = "stances = []";
    lex_err(Lexicon::from_toml_str(src, None));
}

#[test]
fn json_and_yaml_errors_have_lines() {
    let json = "{\n  \"stances\": [\"a\"],\n  \"terms\": {\"a\": {\"x\": \"heavy\"}}\n}";
    let (_, l, _, _) = lex_err(Lexicon::from_json_str(json));
    assert_eq!(l, Some(3));
    let json = "{\n  \"stances\": [\"a\"],\n  \"terms\": {\n    \"a\": {\"x\": -2}\n  }\n}";
    let (_, l, entry, _) = lex_err(Lexicon::from_json_str(json));
    assert_eq!((l, entry.as_deref()), (Some(4), Some("x")));
    let yaml = "stances: [a]\nterms:\n  a:\n    x: 1.0\n    y: .nan\n";
    let (_, l, entry, _) = lex_err(Lexicon::from_yaml_str(yaml));
    assert_eq!((l, entry.as_deref()), (Some(5), Some("y")));
    let yaml = "stances: [a]\nterms:\n  a:\n    x: lots\n";
    let (_, l, _, _) = lex_err(Lexicon::from_yaml_str(yaml));
    assert_eq!(l, Some(4));
}

#[test]
fn error_message_names_file_line_and_entry() {
    let (src, _) = with_line("[terms.denial]", "refute = -3");
    let err = Lexicon::from_toml_str(&src, Some(Path::new("my.toml"))).unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("my.toml:"), "{text}");
    assert!(text.contains("\"refute\""), "{text}");
}

const DIC: &str =
    "%\n1\tdeterrence\n2\tdialogue\n%\ndeploy\t1\ndeter*\t1\narms control\t2\nsummit\t2 1\n";

#[test]
fn liwc_dic_imports_categories_as_stances() {
    let lex = Lexicon::from_dic_str(DIC, None).unwrap();
    assert_eq!(lex.stances(), ["deterrence", "dialogue"]);
    assert_eq!(lex.len(), 5);
    assert!(lex.terms().iter().all(|e| e.weight == 1.0));
    let bad = "%\n1\tdeterrence\n%\ndeploy\t1\nparley\t7\n";
    let (_, l, entry, msg) = lex_err(Lexicon::from_dic_str(bad, Some(Path::new("d.dic"))));
    assert!(msg.contains('7'), "{msg}");
    assert_eq!((l, entry.as_deref()), (Some(5), Some("parley\t7")));
    let (_, l, _, _) = lex_err(Lexicon::from_dic_str("deploy\t1\n", None));
    assert_eq!(l, Some(1));
}

#[test]
fn quanteda_yaml_imports_nested_lists() {
    let yaml = "security:\n  deterrence:\n    - deploy\n    - \"deter*\"\n  dialogue: [talks]\nother:\n  dialogue:\n    - \"arms control\"\n";
    let lex = Lexicon::from_quanteda_yaml_str(yaml, None).unwrap();
    assert_eq!(lex.stances(), ["deterrence", "dialogue"]);
    assert_eq!(lex.len(), 4);
}

#[test]
fn from_path_dispatches_on_extension() {
    let dir = std::env::temp_dir().join(format!("stancelens-lex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lex = test_lexicon();
    let write = |name: &str, body: &str| {
        let p = dir.join(name);
        std::fs::write(&p, body).unwrap();
        p
    };
    let p = write("a.toml", &lex.to_toml_string().unwrap());
    assert_eq!(Lexicon::from_path(&p).unwrap(), lex);
    let p = write("a.json", &lex.to_json_string().unwrap());
    assert_eq!(Lexicon::from_path(&p).unwrap(), lex);
    let p = write("a.dic", DIC);
    assert_eq!(Lexicon::from_path(&p).unwrap().stances(), ["deterrence", "dialogue"]);
    let p = write("q.yml", "deterrence: [deploy]\n");
    assert_eq!(Lexicon::from_path(&p).unwrap().len(), 1);
    let p = write("s.yaml", "stances: [a, b]\nterms: {b: {x: 2}}\n");
    assert_eq!(Lexicon::from_path(&p).unwrap().stances(), ["a", "b"]);
    let p = write("bad.toml", "stances = [\"a\"]\n[terms.a]\nx = -1\n");
    let (file, l, _, _) = lex_err(Lexicon::from_path(&p));
    assert_eq!((file, l), (Some(p.clone()), Some(3)));
    let p = write("a.txt", "");
    lex_err(Lexicon::from_path(&p));
    assert!(matches!(Lexicon::from_path(&dir.join("missing.toml")), Err(Error::Io { .. })));
    let _ = std::fs::remove_dir_all(&dir);
}

fn word() -> impl Strategy<Value = String> {
    "[a-z]{1,8}"
}

fn term() -> impl Strategy<Value = String> {
    (proptest::collection::vec(word(), 1..4), any::<bool>()).prop_map(|(ws, wild)| {
        let mut t = ws.join(" ");
        if wild {
            t.push('*');
        }
        t
    })
}

fn lexicon_file() -> impl Strategy<Value = LexiconFile> {
    let stances = proptest::sample::subsequence(vec!["a", "b", "c", "d"], 1..4);
    stances.prop_flat_map(|st| {
        let names: Vec<String> = st.iter().map(|s| s.to_string()).collect();
        let table = |names: Vec<String>| {
            proptest::collection::btree_map(
                proptest::sample::select(names),
                proptest::collection::btree_map(term(), 0.001f64..10.0, 0..6),
                0..4,
            )
        };
        let neg = proptest::collection::btree_map(
            proptest::sample::select(names.clone()),
            proptest::sample::select({
                let mut t = names.clone();
                t.push("none".into());
                t
            }),
            0..3,
        );
        let mods = (
            proptest::collection::vec(word(), 0..4),
            proptest::collection::btree_map(word(), 0.1f64..3.0, 0..3),
        );
        (Just(names.clone()), table(names.clone()), table(names), neg, mods, 0.0f64..1.0).prop_map(
            |(stances, terms, cues, negation, (negators, hedges), t)| {
                let mut thresholds = BTreeMap::new();
                thresholds.insert("default".to_string(), t);
                LexiconFile {
                    stances,
                    meta: BTreeMap::from([("name".to_string(), "p".to_string())]),
                    thresholds,
                    terms,
                    cues,
                    modifiers: ModifiersFile { negators, hedges, ..Default::default() },
                    negation,
                }
            },
        )
    })
}

proptest! {
    #[test]
    fn load_save_load_is_identity(file in lexicon_file()) {
        let src = toml::to_string(&file).unwrap();
        let lex = Lexicon::from_toml_str(&src, None).unwrap();
        let again = Lexicon::from_toml_str(&lex.to_toml_string().unwrap(), None).unwrap();
        prop_assert_eq!(&again, &lex);
        let via_json = Lexicon::from_json_str(&lex.to_json_string().unwrap()).unwrap();
        prop_assert_eq!(&via_json, &lex);
    }

    #[test]
    fn arbitrary_text_never_panics_the_parsers(s in "\\PC{0,200}") {
        let _ = Lexicon::from_toml_str(&s, None);
        let _ = Lexicon::from_json_str(&s);
        let _ = Lexicon::from_yaml_str(&s);
        let _ = Lexicon::from_dic_str(&s, None);
        let _ = Lexicon::from_quanteda_yaml_str(&s, None);
    }
}
