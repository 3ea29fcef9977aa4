//! Words of lexicon terms and the regular inflections of English words.
//!
//! [`split`] cuts a lexicon term into the words the default tokenizer would
//! produce for it (lowercased, `’` folded, `don't` → `do` + `n't`), so that a
//! term and a text meet on the same token norms. [`base_forms`] lists the base
//! forms a token may be an inflection of; the matcher looks those up in the
//! lexicon's word trie, so `deploys`/`deployed`/`deploying` find `deploy`.

/// Whether `c` continues a word (`\w` of the tokenizer's regex).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Contraction suffixes the tokenizer splits off (after the apostrophe).
const CLITICS: &[&str] = &["s", "re", "ve", "ll", "d", "m"];

/// Lowercases and folds typographic apostrophes, as the default normalizer.
pub fn normalize(term: &str) -> String {
    term.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == '’' { '\'' } else { c })
        .collect()
}

/// The words of a lexicon term, as the default tokenizer would cut them. A
/// trailing `*` stays glued to the last word (the matcher reads it as a
/// wildcard).
pub fn split(term: &str) -> Vec<String> {
    let norm = normalize(term);
    let mut out = Vec::new();
    for chunk in norm.split_whitespace() {
        split_chunk(chunk, &mut out);
    }
    out
}

fn split_chunk(chunk: &str, out: &mut Vec<String>) {
    let mut rest = chunk;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("n't").filter(|a| !continues(a)) {
            // A bare `n't` (the negator as its own lexicon word).
            out.push("n't".to_string());
            rest = after;
        } else if is_word_char(c) {
            let end = word_end(rest);
            let (word, after) = rest.split_at(end);
            // `don't` → `do` + `n't`, as the tokenizer's look-ahead does.
            if word.len() > 1
                && word.ends_with('n')
                && after.starts_with("'t")
                && !continues(&after[2..])
            {
                out.push(word[..word.len() - 1].to_string());
                out.push("n't".to_string());
                rest = &after[2..];
            } else if word == "cannot" {
                // The tokenizer splits `cannot` as `can` + `not`.
                out.push("can".to_string());
                out.push("not".to_string());
                rest = after;
            } else {
                out.push(word.to_string());
                rest = after;
            }
        } else if c == '*' {
            match out.last_mut() {
                Some(last) if !last.ends_with('*') => last.push('*'),
                _ => out.push("*".to_string()),
            }
            rest = &rest[1..];
        } else if c == '\'' {
            let clitic = CLITICS
                .iter()
                .find(|cl| rest[1..].starts_with(**cl) && !continues(&rest[1 + cl.len()..]));
            if let Some(cl) = clitic {
                out.push(format!("'{cl}"));
                rest = &rest[1 + cl.len()..];
            } else if rest.starts_with("n't") {
                out.push("n't".to_string());
                rest = &rest[3..];
            } else {
                out.push("'".to_string());
                rest = &rest[1..];
            }
        } else {
            out.push(c.to_string());
            rest = &rest[c.len_utf8()..];
        }
    }
}

/// Whether `s` starts with a word character (so a suffix match is not final).
fn continues(s: &str) -> bool {
    s.chars().next().is_some_and(is_word_char)
}

/// Byte length of the word at the start of `s`: `\w+(?:-\w+)*`, or a number
/// with inner separators `\d+(?:[.,:]\d+)+`.
fn word_end(s: &str) -> usize {
    let run = |from: usize| {
        s[from..].char_indices().find(|&(_, c)| !is_word_char(c)).map_or(s.len(), |(i, _)| from + i)
    };
    let mut end = run(0);
    let numeric = s[..end].chars().all(|c| c.is_ascii_digit());
    loop {
        let mut after = s[end..].chars();
        let sep = after.next();
        let next = after.next();
        match (sep, next) {
            (Some('-'), Some(n)) if is_word_char(n) && !numeric => end = run(end + 1),
            (Some('.' | ',' | ':'), Some(n)) if numeric && n.is_ascii_digit() => end = run(end + 1),
            _ => return end,
        }
    }
}

/// A candidate base form: a prefix of the token plus a short suffix.
pub type Form<'a> = (&'a str, &'static str);

/// Up to this many base forms per token (the token itself included): the
/// rules below give at most four.
pub const MAX_FORMS: usize = 5;

/// The token itself and the regular base forms it may inflect: plural and
/// third person (`-s`, `-es`, `-ies` → `y`), past (`-ed`, `-d` after silent
/// `e`, `-ied` → `y`, doubled consonant), gerund (`-ing`, `-ing` → `e`,
/// doubled consonant). Stems shorter than two letters are not tried, and
/// only ASCII-letter endings inflect. Written to `out`; returns the count.
pub fn base_forms<'a>(token: &'a str, out: &mut [Form<'a>; MAX_FORMS]) -> usize {
    let mut n = 0;
    let mut push = |f: Form<'a>| {
        if n < MAX_FORMS && f.0.len() + f.1.len() >= 2 {
            out[n] = f;
            n += 1;
        }
    };
    push((token, ""));
    if !token.bytes().last().is_some_and(|b| b.is_ascii_lowercase()) {
        return n;
    }
    let undouble = |stem: &'a str| -> Option<&'a str> {
        let b = stem.as_bytes();
        let l = b.len();
        // ASCII letters only: equal UTF-8 continuation bytes (U+1000 is
        // E1 80 80) must not be cut apart.
        (l >= 3
            && b[l - 1] == b[l - 2]
            && b[l - 1].is_ascii_lowercase()
            && !b"aeiouyls".contains(&b[l - 1]))
        .then(|| &stem[..l - 1])
    };
    if let Some(stem) = token.strip_suffix("ies") {
        push((stem, "y"));
    } else if let Some(stem) = token.strip_suffix("es") {
        push((stem, ""));
        push((&token[..token.len() - 1], ""));
    } else if let Some(stem) = token.strip_suffix('s') {
        if !stem.ends_with('s') && !stem.ends_with('\'') {
            push((stem, ""));
        }
    } else if let Some(stem) = token.strip_suffix("ied") {
        push((stem, "y"));
    } else if let Some(stem) = token.strip_suffix("ed") {
        push((stem, ""));
        push((&token[..token.len() - 1], ""));
        if let Some(s) = undouble(stem) {
            push((s, ""));
        }
    } else if let Some(stem) = token.strip_suffix("ing") {
        if stem.len() >= 2 {
            push((stem, ""));
            push((stem, "e"));
            if let Some(s) = undouble(stem) {
                push((s, ""));
            }
        }
    }
    n
}

/// Every token of which `word` is a base form: the inverse of
/// [`base_forms`], so that a matcher can look a token up as it stands
/// instead of listing and hashing the token's base forms. Candidates come
/// from undoing each rule of [`base_forms`] (`word`, `+s`, `+es`, `+d`,
/// `+ed`, `+ing`, a doubled last consonant, `y` → `ies`/`ied`, a dropped
/// `e` before `ing`); a candidate is kept only if [`base_forms`] of it does
/// give `word`, so the result is exact, not a superset. In the order of the
/// rules, without repeats.
pub fn surface_forms(word: &str) -> Vec<String> {
    let mut candidates = vec![word.to_string()];
    let last = word.chars().last();
    for suffix in ["s", "es", "d", "ed", "ing"] {
        candidates.push(format!("{word}{suffix}"));
    }
    if let Some(c) = last {
        candidates.push(format!("{word}{c}ed"));
        candidates.push(format!("{word}{c}ing"));
    }
    if let Some(stem) = word.strip_suffix('y') {
        candidates.push(format!("{stem}ies"));
        candidates.push(format!("{stem}ied"));
    }
    if let Some(stem) = word.strip_suffix('e') {
        candidates.push(format!("{stem}ing"));
    }
    let mut out: Vec<String> = Vec::new();
    for t in candidates {
        let mut forms = [("", ""); MAX_FORMS];
        let n = base_forms(&t, &mut forms);
        let gives_word = forms.iter().take(n).any(|&f| form_eq(word, f));
        if gives_word && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// FNV-1a over bytes: a streaming hash, so a form's prefix and suffix hash
/// without being joined into a new string.
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self::new()
    }
}

impl Fnv {
    /// The empty hash.
    pub fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    /// Feeds bytes.
    pub fn write(mut self, bytes: &[u8]) -> Self {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }
    /// The hash value.
    pub fn finish(self) -> u64 {
        self.0
    }
}

/// The hash of a word.
pub fn hash_word(w: &str) -> u64 {
    Fnv::new().write(w.as_bytes()).finish()
}

/// The hash of a form (prefix then suffix).
pub fn hash_form(f: Form<'_>) -> u64 {
    Fnv::new().write(f.0.as_bytes()).write(f.1.as_bytes()).finish()
}

/// Whether `word` equals the form's prefix followed by its suffix.
pub fn form_eq(word: &str, f: Form<'_>) -> bool {
    word.len() == f.0.len() + f.1.len() && word.starts_with(f.0) && word.ends_with(f.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(t: &str) -> Vec<String> {
        let mut buf = [("", ""); MAX_FORMS];
        let n = base_forms(t, &mut buf);
        buf[..n].iter().map(|(a, b)| format!("{a}{b}")).collect()
    }

    #[test]
    fn splits_like_the_tokenizer() {
        assert_eq!(split("Don’t  deploy"), ["do", "n't", "deploy"]);
        assert_eq!(split("won't"), ["wo", "n't"]);
        assert_eq!(split("n't"), ["n't"]);
        assert_eq!(split("Russia's build-up"), ["russia", "'s", "build-up"]);
        assert_eq!(split("deter*"), ["deter*"]);
        assert_eq!(split("1,000 troops."), ["1,000", "troops", "."]);
        assert_eq!(split("no-fly zone"), ["no-fly", "zone"]);
        assert_eq!(split("cannot accept"), ["can", "not", "accept"]);
    }

    #[test]
    fn base_forms_cover_regular_inflections() {
        for (tok, base) in [
            ("deploys", "deploy"),
            ("deployed", "deploy"),
            ("deploying", "deploy"),
            ("negotiated", "negotiate"),
            ("negotiating", "negotiate"),
            ("denies", "deny"),
            ("denied", "deny"),
            ("pushes", "push"),
            ("planned", "plan"),
            ("planning", "plan"),
            ("talks", "talk"),
            ("sanctions", "sanction"),
            ("agreed", "agree"),
            ("reinforces", "reinforce"),
        ] {
            assert!(forms(tok).contains(&base.to_string()), "{tok} → {base}: {:?}", forms(tok));
        }
    }

    #[test]
    fn short_and_non_ascii_tokens_do_not_inflect() {
        assert_eq!(forms("is"), ["is"]);
        assert_eq!(forms("n't"), ["n't"]);
        assert_eq!(forms("ok"), ["ok"]);
        assert_eq!(forms("café"), ["café"]);
        assert!(!forms("pass").contains(&"pas".to_string()));
        // A stem ending in a multi-byte char with equal trailing bytes.
        assert!(forms("\u{1000}ing").iter().all(|f| f.is_char_boundary(f.len())));
        assert!(forms("a\u{1000}ed").len() >= 2);
    }

    #[test]
    fn surface_forms_invert_base_forms() {
        // Every base form of a token lists the token among its surface forms
        // (complete), and every surface form has the word as a base form
        // (exact).
        let tokens = [
            "deploys",
            "deployed",
            "deploying",
            "negotiated",
            "negotiating",
            "denies",
            "denied",
            "pushes",
            "planned",
            "planning",
            "talks",
            "sanctions",
            "agreed",
            "reinforces",
            "dies",
            "is",
            "was",
            "news",
            "glasses",
            "goes",
            "bies",
            "bied",
            "seeing",
            "ties",
            "eyed",
            "fleeing",
            "running",
            "putting",
            "missed",
            "n't",
            "café",
            "ok",
            "ab",
            "abs",
            "aes",
            "address",
            "addressed",
            "stopped",
            "stopping",
            "hopes",
            "hoping",
            "hopped",
            "bring",
        ];
        for t in tokens {
            for f in forms(t) {
                assert!(surface_forms(&f).contains(&t.to_string()), "{t} from {f}");
            }
        }
        for w in ["deploy", "deny", "plan", "negotiate", "stop", "hope", "see", "be", "a", "x'"] {
            for t in surface_forms(w) {
                assert!(forms(&t).contains(&w.to_string()), "{w} → {t}");
            }
        }
        let deny = surface_forms("deny");
        for t in ["deny", "denies", "denied", "denying"] {
            assert!(deny.contains(&t.to_string()), "{t}: {deny:?}");
        }
        // `-s` after an `s` is not a plural here: "pass" is not a form of "pas".
        assert!(!surface_forms("pas").contains(&"pass".to_string()));
    }

    #[test]
    fn streaming_hash_matches_whole_word() {
        assert_eq!(hash_form(("negotiat", "e")), hash_word("negotiate"));
        assert!(form_eq("negotiate", ("negotiat", "e")));
        assert!(!form_eq("negotiates", ("negotiat", "e")));
    }
}
