//! The compiled lexicon: a hash trie over token norms.
//!
//! Every term and modifier phrase is a path of words from the root; an edge is
//! keyed by `(parent node, hash of the word)` in one hash map, so a step costs
//! one lookup whatever the lexicon's size. A token steps along the edges of
//! each of its [`base_forms`](super::words::base_forms) (inflection-aware
//! matching without a stemmer in the lexicon). That is precomputed: at build
//! time every edge's word is inflected into the tokens it is a base form of
//! ([`surface_forms`](super::words::surface_forms)), so at match time a
//! token is hashed once, as it stands, and looked up. A node with wildcard
//! terms (`deter*`) is probed with the hashes of the token's prefixes.
//! Matching at a position returns the longest phrase that starts there.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::model::Model;
use super::words::{self, Fnv, Form, MAX_FORMS};

/// What a matched phrase is in the lexicon.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Payload {
    /// Content term: index into the model's `terms`.
    Term(u32),
    /// Cue term: index into the model's `cues`.
    Cue(u32),
    /// Opens a negation scope.
    Negator,
    /// Multiplies the next match by this factor (> 1).
    Intensifier(f32),
    /// Multiplies the next match by this factor (< 1).
    Hedge(f32),
    /// Contrast marker.
    Contrast,
    /// Verb whose object act is denied.
    DenialCue,
}

/// Which payloads a match looks for: statement content or the statement's cue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Content terms and all modifiers.
    Content,
    /// Cue terms and all modifiers.
    Cue,
}

impl Payload {
    fn in_class(self, class: Class) -> bool {
        match self {
            Payload::Term(_) => class == Class::Content,
            Payload::Cue(_) => class == Class::Cue,
            _ => true,
        }
    }
}

const ROOT: u32 = 0;
/// Frontier bound: distinct trie nodes a phrase prefix may stand on at once
/// (several base forms of a token can lead to different nodes).
const MAX_FRONTIER: usize = 16;

/// Hasher for `(node, word hash)` keys: the word part is already a hash, so
/// a multiply-rotate mix (FxHash style) is enough and much cheaper than SipHash.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type KeyMap = HashMap<(u32, u64), u32, BuildHasherDefault<KeyHasher>>;

/// Bit index of a key in the pre-filter.
fn filter_bit(parent: u32, h: u64) -> u64 {
    let mut k = KeyHasher::default();
    k.write_u32(parent);
    k.write_u64(h);
    k.finish() >> 40
}

#[derive(Clone, Debug, Default)]
struct Node {
    /// The word on the edge into this node (checked against hash collisions).
    label: Box<str>,
    payloads: Vec<Payload>,
    /// Whether some wildcard term continues from this node.
    has_wild: bool,
}

/// A compiled lexicon matcher (built once per [`Lexicon`](super::Lexicon)).
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    nodes: Vec<Node>,
    /// `(parent, word hash + probe)` → child node.
    edges: KeyMap,
    /// `(parent, token hash + probe)` → index into `surfaces`: built from
    /// `edges` once, so that matching looks a token up as it stands.
    surface_keys: KeyMap,
    /// A token as it appears in texts and the children of its parent it
    /// leads to: the nodes whose label is one of the token's base forms, in
    /// base-form order.
    surfaces: Vec<(Box<str>, Vec<u32>)>,
    /// `(parent, prefix hash + probe)` → index into `wild`.
    wild_edges: KeyMap,
    /// Wildcard prefix and the payloads of terms ending with it.
    wild: Vec<(Box<str>, Vec<Payload>)>,
    /// Pre-filter: one bit per `(parent, hash)` key of `surface_keys` and
    /// `wild_edges` (and per wildcard head),
    /// so most failed steps (the common case) cost one cached bit test
    /// instead of a hash-map probe into a table the size of the lexicon.
    filter: Vec<u64>,
    filter_mask: u64,
    /// Byte lengths of the shortest and longest wildcard prefix.
    wild_len: (usize, usize),
}

/// What a match starting at one token does at that token: the trie nodes
/// its base forms reach from the root, and whether a root wildcard
/// (`deter*`) may match it (the pre-filter passed).
#[derive(Clone, Copy, Debug, Default)]
struct Step {
    children: [u32; MAX_FORMS],
    len: u8,
    wild: bool,
}

/// The [`Step`] of every token of a document (see [`Matcher::first_steps`]).
#[derive(Clone, Debug, Default)]
pub struct FirstSteps {
    steps: Vec<Step>,
}

/// The longest phrase matched at a position.
#[derive(Clone, Copy, Debug)]
pub struct Match<'a> {
    /// One past the last token of the phrase.
    pub end: usize,
    /// Everything the phrase is in the lexicon (filter by class).
    pub payloads: &'a [Payload],
}

impl Matcher {
    /// Compiles the terms, cues and modifiers of a model.
    pub fn new(model: &Model) -> Matcher {
        let mut m = Matcher { nodes: vec![Node::default()], ..Default::default() };
        for (i, e) in model.terms.iter().enumerate() {
            m.insert(&e.term, Payload::Term(i as u32));
        }
        for (i, e) in model.cues.iter().enumerate() {
            m.insert(&e.term, Payload::Cue(i as u32));
        }
        let mods = &model.modifiers;
        for w in &mods.negators {
            m.insert(w, Payload::Negator);
        }
        for (w, &f) in &mods.intensifiers {
            m.insert(w, Payload::Intensifier(f as f32));
        }
        for (w, &f) in &mods.hedges {
            m.insert(w, Payload::Hedge(f as f32));
        }
        for w in &mods.contrast {
            m.insert(w, Payload::Contrast);
        }
        for w in &mods.denial_cues {
            m.insert(w, Payload::DenialCue);
        }
        m.build_surfaces();
        m.build_filter();
        m
    }

    /// Fills `surfaces`: for each edge, every token whose base forms include
    /// the edge's word ([`words::surface_forms`]), with the children of the
    /// parent that the token's base forms reach, in the order the base forms
    /// come. Matching then costs one hash and one lookup per token, instead
    /// of listing the token's base forms and hashing each (the costliest step
    /// of scoring when it was done per token).
    fn build_surfaces(&mut self) {
        let mut edges: Vec<(u32, u32)> = self.edges.iter().map(|(&(p, _), &c)| (p, c)).collect();
        // Node ids follow insertion order: a fixed order whatever the map's.
        edges.sort_unstable();
        for (parent, child) in edges {
            let Some(label) = self.nodes.get(child as usize).map(|n| n.label.clone()) else {
                continue;
            };
            for token in words::surface_forms(&label) {
                let h = words::hash_word(&token);
                if self.surface(parent, &token, h).is_some() {
                    // Made already from a sibling's word ("dies" from "die"
                    // and "dy"): its entry lists both children.
                    continue;
                }
                let children = self.children_by_forms(parent, &token);
                self.insert_surface(parent, token, h, children);
            }
        }
    }

    /// The distinct children of `parent` whose labels are base forms of
    /// `token`, in base-form order: what a step along `token` reaches.
    fn children_by_forms(&self, parent: u32, token: &str) -> Vec<u32> {
        let mut forms = [("", ""); MAX_FORMS];
        let n = words::base_forms(token, &mut forms);
        let mut children = Vec::new();
        for &f in forms.get(..n).unwrap_or_default() {
            match self.edge_child(parent, f) {
                Some(c) if !children.contains(&c) => children.push(c),
                _ => {}
            }
        }
        children
    }

    fn insert_surface(&mut self, parent: u32, token: String, h: u64, children: Vec<u32>) {
        let mut probe = 0u64;
        while self.surface_keys.contains_key(&(parent, h.wrapping_add(probe))) {
            probe += 1;
        }
        self.surface_keys.insert((parent, h.wrapping_add(probe)), self.surfaces.len() as u32);
        self.surfaces.push((token.into(), children));
    }

    fn build_filter(&mut self) {
        // About 16 bits per key: few false positives, and 2^22 bits at most.
        let keys = self.surface_keys.len() + self.wild_edges.len();
        let bits = (keys * 16).next_power_of_two().clamp(1 << 10, 1 << 22);
        self.filter = vec![0; bits / 64];
        self.filter_mask = bits as u64 - 1;
        self.wild_len = self
            .wild
            .iter()
            .fold((usize::MAX, 0), |(lo, hi), (p, _)| (lo.min(p.len()), hi.max(p.len())));
        let mut all: Vec<(u32, u64)> =
            self.surface_keys.keys().chain(self.wild_edges.keys()).copied().collect();
        // Heads of wildcard prefixes: their first `lo` bytes under their node,
        // so a token that starts like none of them skips the prefix probes.
        for (&(parent, _), &w) in &self.wild_edges {
            if let Some((prefix, _)) = self.wild.get(w as usize) {
                all.push(self.head_key(parent, prefix.as_bytes()).unwrap_or_default());
            }
        }
        for (p, h) in all {
            let b = filter_bit(p, h) & self.filter_mask;
            if let Some(w) = self.filter.get_mut((b / 64) as usize) {
                *w |= 1 << (b % 64);
            }
        }
    }

    /// The pre-filter key of the first `lo` bytes of `word` under `parent`
    /// (`lo` = the shortest wildcard prefix), or `None` if `word` is shorter.
    fn head_key(&self, parent: u32, word: &[u8]) -> Option<(u32, u64)> {
        let head = word.get(..self.wild_len.0)?;
        // A key space of its own: flip the node id's top bit and salt the hash.
        Some((parent ^ 0x8000_0000, Fnv::new().write(head).finish() ^ 0x5bd1_e995))
    }

    /// Whether `(parent, h)` may be a key (no false negatives).
    fn may_have(&self, parent: u32, h: u64) -> bool {
        let b = filter_bit(parent, h) & self.filter_mask;
        self.filter.get((b / 64) as usize).is_some_and(|w| w & (1 << (b % 64)) != 0)
    }

    fn insert(&mut self, term: &str, payload: Payload) {
        let parts = words::split(term);
        let Some((last, init)) = parts.split_last() else { return };
        let mut node = ROOT;
        for w in init {
            node = self.child_or_insert(node, w);
        }
        match last.strip_suffix('*') {
            Some(prefix) if !prefix.is_empty() => self.insert_wild(node, prefix, payload),
            _ => {
                let n = self.child_or_insert(node, last);
                if let Some(n) = self.nodes.get_mut(n as usize) {
                    n.payloads.push(payload);
                }
            }
        }
    }

    fn child_or_insert(&mut self, parent: u32, word: &str) -> u32 {
        let h = words::hash_word(word);
        let mut probe = 0u64;
        loop {
            let key = (parent, h.wrapping_add(probe));
            match self.edges.get(&key) {
                Some(&c) if self.nodes.get(c as usize).is_some_and(|n| &*n.label == word) => {
                    return c;
                }
                Some(_) => probe += 1,
                None => {
                    let id = self.nodes.len() as u32;
                    self.nodes.push(Node { label: word.into(), ..Default::default() });
                    self.edges.insert(key, id);
                    return id;
                }
            }
        }
    }

    fn insert_wild(&mut self, parent: u32, prefix: &str, payload: Payload) {
        if let Some(n) = self.nodes.get_mut(parent as usize) {
            n.has_wild = true;
        }
        let h = words::hash_word(prefix);
        let mut probe = 0u64;
        loop {
            let key = (parent, h.wrapping_add(probe));
            match self.wild_edges.get(&key) {
                Some(&w) => match self.wild.get_mut(w as usize) {
                    Some((label, ps)) if &**label == prefix => {
                        ps.push(payload);
                        return;
                    }
                    _ => probe += 1,
                },
                None => {
                    self.wild_edges.insert(key, self.wild.len() as u32);
                    self.wild.push((prefix.into(), vec![payload]));
                    return;
                }
            }
        }
    }

    /// The child of `parent` whose label is `form`, if any (at build time:
    /// matching goes through `surfaces`).
    fn edge_child(&self, parent: u32, form: Form<'_>) -> Option<u32> {
        let h = words::hash_form(form);
        let mut probe = 0u64;
        loop {
            let &c = self.edges.get(&(parent, h.wrapping_add(probe)))?;
            if self.nodes.get(c as usize).is_some_and(|n| words::form_eq(&n.label, form)) {
                return Some(c);
            }
            probe += 1;
        }
    }

    /// Payloads of a wildcard term under `parent` whose prefix is `prefix`.
    fn wild_at(&self, parent: u32, hash: u64, prefix: &str) -> Option<&[Payload]> {
        if !self.may_have(parent, hash) {
            return None;
        }
        let mut probe = 0u64;
        loop {
            let &w = self.wild_edges.get(&(parent, hash.wrapping_add(probe)))?;
            match self.wild.get(w as usize) {
                Some((label, ps)) if &**label == prefix => return Some(ps),
                _ => probe += 1,
            }
        }
    }

    /// The first step of a match at each token of a document: computed once
    /// per token, then shared by every scan that passes over it (statement
    /// contents and sentences overlap), so the common case — no lexicon word
    /// starts here — costs one load.
    pub fn first_steps<'t>(&self, norms: impl Iterator<Item = &'t str>) -> FirstSteps {
        FirstSteps { steps: norms.map(|norm| self.first_step(norm)).collect() }
    }

    fn first_step(&self, norm: &str) -> Step {
        let mut step = Step::default();
        step.len = self.advance(&[ROOT], norm, &mut step.children) as u8;
        step.wild = self.nodes.first().is_some_and(|r| r.has_wild)
            && self.head_key(ROOT, norm.as_bytes()).is_some_and(|(p, h)| self.may_have(p, h));
        step
    }

    /// The distinct nodes reached from `frontier` along any base form of
    /// `norm`, written to `next` (as many as fit); returns their count.
    fn advance(&self, frontier: &[u32], norm: &str, next: &mut [u32]) -> usize {
        if norm.len() < 2 {
            // No base form (they have two bytes at least): punctuation and
            // one-letter words, a good part of any text, stop here.
            return 0;
        }
        let h = words::hash_word(norm);
        let mut len = 0;
        for &node in frontier {
            for &c in self.surface_children(node, norm, h) {
                if len < next.len() && !next[..len].contains(&c) {
                    next[len] = c;
                    len += 1;
                }
            }
        }
        len
    }

    /// The children of `parent` that the token `norm` (hash `h`) leads to.
    fn surface_children(&self, parent: u32, norm: &str, h: u64) -> &[u32] {
        if !self.may_have(parent, h) {
            return &[];
        }
        self.surface(parent, norm, h).unwrap_or_default()
    }

    /// The entry of the token `norm` (hash `h`) under `parent`, if any.
    fn surface(&self, parent: u32, norm: &str, h: u64) -> Option<&[u32]> {
        let mut probe = 0u64;
        while let Some(&i) = self.surface_keys.get(&(parent, h.wrapping_add(probe))) {
            match self.surfaces.get(i as usize) {
                Some((token, children)) if &**token == norm => return Some(children),
                _ => probe += 1,
            }
        }
        None
    }

    /// The longest phrase of `class` starting at token `start` and ending at
    /// or before `end`. `norms(k)` gives the norm of token `k`; `first` holds
    /// the first steps of the same tokens (an empty table: they are computed
    /// here).
    pub fn longest<'s, 't>(
        &'s self,
        norms: impl Fn(usize) -> Option<&'t str>,
        first: &FirstSteps,
        start: usize,
        end: usize,
        class: Class,
    ) -> Option<Match<'s>> {
        let wanted = |ps: &[Payload]| ps.iter().any(|p| p.in_class(class));
        // The payloads of the first node in `nodes` that has wanted ones.
        let found = |nodes: &[u32]| {
            nodes.iter().find_map(|&c| self.nodes.get(c as usize).filter(|n| wanted(&n.payloads)))
        };
        if start >= end {
            return None;
        }
        let step = match first.steps.get(start) {
            Some(s) => *s,
            None => self.first_step(norms(start)?),
        };
        if step.len == 0 && !step.wild {
            // No lexicon word starts here: the common case.
            return None;
        }
        let mut frontier = [ROOT; MAX_FRONTIER];
        let mut len = usize::from(step.len);
        frontier[..len].copy_from_slice(&step.children[..len]);
        let mut best = match found(&frontier[..len]) {
            Some(n) => Some(Match { end: start + 1, payloads: &n.payloads }),
            None if step.wild => self
                .wild_match(&[ROOT], norms(start)?, &wanted)
                .map(|ps| Match { end: start + 1, payloads: ps }),
            None => None,
        };
        for k in start + 1..end {
            if len == 0 {
                break;
            }
            let Some(norm) = norms(k) else { break };
            let mut next = [ROOT; MAX_FRONTIER];
            let next_len = self.advance(&frontier[..len], norm, &mut next);
            if let Some(n) = found(&next[..next_len]) {
                best = Some(Match { end: k + 1, payloads: &n.payloads });
            } else if let Some(ps) = self.wild_match(&frontier[..len], norm, &wanted) {
                best = Some(Match { end: k + 1, payloads: ps });
            }
            frontier = next;
            len = next_len;
        }
        best
    }

    /// The longest wildcard prefix of `norm` under any frontier node.
    fn wild_match(
        &self,
        frontier: &[u32],
        norm: &str,
        wanted: &impl Fn(&[Payload]) -> bool,
    ) -> Option<&[Payload]> {
        let mut best = None;
        for &node in frontier {
            if !self.nodes.get(node as usize).is_some_and(|n| n.has_wild) {
                continue;
            }
            match self.head_key(node, norm.as_bytes()) {
                Some((p, h)) if self.may_have(p, h) => {}
                _ => continue,
            }
            let mut h = Fnv::new();
            let mut prev = 0;
            let ends = norm.char_indices().map(|(i, _)| i).skip(1).chain([norm.len()]);
            let (lo, hi) = self.wild_len;
            for i in ends {
                h = h.write(norm.as_bytes().get(prev..i).unwrap_or_default());
                prev = i;
                if i < lo {
                    continue;
                }
                if i > hi {
                    break;
                }
                let prefix = norm.get(..i).unwrap_or_default();
                if let Some(ps) = self.wild_at(node, h.finish(), prefix) {
                    if wanted(ps) {
                        best = Some(ps);
                    }
                }
            }
        }
        best
    }

    /// Number of trie nodes (for diagnostics and tests).
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    /// Tokens made from `label`: its inflections, near misses and other
    /// endings.
    fn variants(label: &str) -> Vec<String> {
        let endings = ["", "s", "es", "d", "ed", "ing", "ies", "ied", "e", "y", "'s", "ly", "er"];
        let mut out = Vec::new();
        for stem in [label, label.get(..label.len().saturating_sub(1)).unwrap_or("")] {
            out.extend(endings.iter().map(|e| format!("{stem}{e}")));
            if let Some(c) = stem.chars().last() {
                out.push(format!("{stem}{c}ed"));
                out.push(format!("{stem}{c}ing"));
            }
        }
        out
    }

    /// The surface lookup gives the same children, in the same order, as
    /// listing the token's base forms: under the root for variants of every
    /// label in the lexicon (and a few other words), and under every other
    /// parent for variants of its children's labels.
    #[test]
    fn surface_lookup_equals_base_form_lookup() {
        let lexicon = Lexicon::default_english();
        let m = lexicon.matcher();
        let same = |parent: u32, t: &str| {
            let fast = m.surface_children(parent, t, words::hash_word(t));
            // The walk over the token's base forms, as every step did
            // before `surfaces`.
            assert_eq!(fast, m.children_by_forms(parent, t), "{t:?} under {parent}");
        };
        let mut compared = 0;
        for t in ["the", "said", "a", "x", "", "n't"] {
            same(ROOT, t);
        }
        for node in &m.nodes {
            for t in variants(&node.label) {
                same(ROOT, &t);
                compared += 1;
            }
        }
        for (&(parent, _), &child) in &m.edges {
            if parent == ROOT {
                continue;
            }
            for t in variants(&m.nodes[child as usize].label) {
                same(parent, &t);
                compared += 1;
            }
        }
        assert!(compared > 10_000, "{compared}");
    }
}
