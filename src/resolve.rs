//! Speaker resolution: every mention to a canonical name per document.
//!
//! PLACEHOLDER: uses the mention's own text.

use std::collections::HashMap;

use crate::attribution::Statement;

/// Fills `speaker` on each statement; `aliases` are applied last.
pub fn resolve_speakers(
    text: &str,
    statements: &mut [Statement],
    aliases: &HashMap<String, String>,
) {
    for s in statements.iter_mut() {
        if let Some(m) = s.speaker_mention {
            let name = m.slice(text).to_string();
            s.speaker = Some(aliases.get(&name).cloned().unwrap_or(name));
        }
    }
}
