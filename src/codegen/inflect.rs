//! English plural and singular forms for relation names. drizzle-kit names relations with the
//! `pluralize` npm package (MIT, Blake Embrey); the rule tables below are that package's data, so that
//! `users` → `user` and `category` → `categories` come out the way rc.5 writes them.

use std::collections::HashMap;
use std::sync::OnceLock;

const IRREGULAR: &[(&str, &str)] = &[
    ("I", "we"),
    ("me", "us"),
    ("he", "they"),
    ("she", "they"),
    ("them", "them"),
    ("myself", "ourselves"),
    ("yourself", "yourselves"),
    ("itself", "themselves"),
    ("herself", "themselves"),
    ("himself", "themselves"),
    ("themself", "themselves"),
    ("is", "are"),
    ("was", "were"),
    ("has", "have"),
    ("this", "these"),
    ("that", "those"),
    ("echo", "echoes"),
    ("dingo", "dingoes"),
    ("volcano", "volcanoes"),
    ("tornado", "tornadoes"),
    ("torpedo", "torpedoes"),
    ("genus", "genera"),
    ("viscus", "viscera"),
    ("stigma", "stigmata"),
    ("stoma", "stomata"),
    ("dogma", "dogmata"),
    ("lemma", "lemmata"),
    ("schema", "schemata"),
    ("anathema", "anathemata"),
    ("ox", "oxen"),
    ("axe", "axes"),
    ("die", "dice"),
    ("yes", "yeses"),
    ("foot", "feet"),
    ("eave", "eaves"),
    ("goose", "geese"),
    ("tooth", "teeth"),
    ("quiz", "quizzes"),
    ("human", "humans"),
    ("proof", "proofs"),
    ("carve", "carves"),
    ("valve", "valves"),
    ("looey", "looies"),
    ("thief", "thieves"),
    ("groove", "grooves"),
    ("pickaxe", "pickaxes"),
    ("passerby", "passersby"),
];

// JS `\w` and `\b` are ASCII-only; the patterns spell that out for the Rust engine.
const PLURAL_RULES: &[(&str, &str)] = &[
    (r"s?$", "s"),
    (r"[^\x00-\x7F]$", "$0"),
    (r"([^aeiou]ese)$", "$1"),
    (r"(ax|test)is$", "$1es"),
    (r"(alias|[^aou]us|t[lm]as|gas|ris)$", "$1es"),
    (r"(e[mn]u)s?$", "$1s"),
    (r"([^l]ias|[aeiou]las|[ejzr]as|[iu]am)$", "$1"),
    (
        r"(alumn|syllab|vir|radi|nucle|fung|cact|stimul|termin|bacill|foc|uter|loc|strat)(?:us|i)$",
        "$1i",
    ),
    (r"(alumn|alg|vertebr)(?:a|ae)$", "$1ae"),
    (r"(seraph|cherub)(?:im)?$", "$1im"),
    (r"(her|at|gr)o$", "$1oes"),
    (
        r"(agend|addend|millenni|dat|extrem|bacteri|desiderat|strat|candelabr|errat|ov|symposi|curricul|automat|quor)(?:a|um)$",
        "$1a",
    ),
    (
        r"(apheli|hyperbat|periheli|asyndet|noumen|phenomen|criteri|organ|prolegomen|hedr|automat)(?:a|on)$",
        "$1a",
    ),
    (r"sis$", "ses"),
    (r"(?:(kni|wi|li)fe|(ar|l|ea|eo|oa|hoo)f)$", "$1$2ves"),
    (r"([^aeiouy]|qu)y$", "$1ies"),
    (r"([^ch][ieo][ln])ey$", "$1ies"),
    (r"(x|ch|ss|sh|zz)$", "$1es"),
    (r"(matr|cod|mur|sil|vert|ind|append)(?:ix|ex)$", "$1ices"),
    (r"(?-u:\b)((?:tit)?m|l)(?:ice|ouse)$", "$1ice"),
    (r"(pe)(?:rson|ople)$", "$1ople"),
    (r"(child)(?:ren)?$", "$1ren"),
    (r"eaux$", "$0"),
    (r"m[ae]n$", "men"),
    (r"^thou$", "you"),
];

const SINGULAR_RULES: &[(&str, &str)] = &[
    (r"s$", ""),
    (r"(ss)$", "$1"),
    (
        r"(wi|kni|(?:after|half|high|low|mid|non|night|[^A-Za-z0-9_]|^)li)ves$",
        "$1fe",
    ),
    (r"(ar|(?:wo|[ae])l|[eo][ao])ves$", "$1f"),
    (r"ies$", "y"),
    (
        r"(?-u:\b)([pl]|zomb|(?:neck|cross)?t|coll|faer|food|gen|goon|group|lass|talk|goal|cut)ies$",
        "$1ie",
    ),
    (r"(?-u:\b)(mon|smil)ies$", "$1ey"),
    (r"(?-u:\b)((?:tit)?m|l)ice$", "$1ouse"),
    (r"(seraph|cherub)im$", "$1"),
    (
        r"(x|ch|ss|sh|zz|tto|go|cho|alias|[^aou]us|t[lm]as|gas|(?:her|at|gr)o|[aeiou]ris)(?:es)?$",
        "$1",
    ),
    (
        r"(analy|diagno|parenthe|progno|synop|the|empha|cri|ne)(?:sis|ses)$",
        "$1sis",
    ),
    (r"(movie|twelve|abuse|e[mn]u)s$", "$1"),
    (r"(test)(?:is|es)$", "$1is"),
    (
        r"(alumn|syllab|vir|radi|nucle|fung|cact|stimul|termin|bacill|foc|uter|loc|strat)(?:us|i)$",
        "$1us",
    ),
    (
        r"(agend|addend|millenni|dat|extrem|bacteri|desiderat|strat|candelabr|errat|ov|symposi|curricul|quor)a$",
        "$1um",
    ),
    (
        r"(apheli|hyperbat|periheli|asyndet|noumen|phenomen|criteri|organ|prolegomen|hedr|automat)a$",
        "$1on",
    ),
    (r"(alumn|alg|vertebr)ae$", "$1a"),
    (r"(cod|mur|sil|vert|ind)ices$", "$1ex"),
    (r"(matr|append)ices$", "$1ix"),
    (r"(pe)(rson|ople)$", "$1rson"),
    (r"(child)ren$", "$1"),
    (r"(eau)x?$", "$1"),
    (r"men$", "man"),
];

const UNCOUNTABLE_WORDS: &[&str] = &[
    "adulthood",
    "advice",
    "agenda",
    "aid",
    "aircraft",
    "alcohol",
    "ammo",
    "analytics",
    "anime",
    "athletics",
    "audio",
    "bison",
    "blood",
    "bream",
    "buffalo",
    "butter",
    "carp",
    "cash",
    "chassis",
    "chess",
    "clothing",
    "cod",
    "commerce",
    "cooperation",
    "corps",
    "debris",
    "diabetes",
    "digestion",
    "elk",
    "energy",
    "equipment",
    "excretion",
    "expertise",
    "firmware",
    "flounder",
    "fun",
    "gallows",
    "garbage",
    "graffiti",
    "hardware",
    "headquarters",
    "health",
    "herpes",
    "highjinks",
    "homework",
    "housework",
    "information",
    "jeans",
    "justice",
    "kudos",
    "labour",
    "literature",
    "machinery",
    "mackerel",
    "mail",
    "media",
    "mews",
    "moose",
    "music",
    "mud",
    "manga",
    "news",
    "only",
    "personnel",
    "pike",
    "plankton",
    "pliers",
    "police",
    "pollution",
    "premises",
    "rain",
    "research",
    "rice",
    "salmon",
    "scissors",
    "series",
    "sewage",
    "shambles",
    "shrimp",
    "software",
    "species",
    "staff",
    "swine",
    "tennis",
    "traffic",
    "transportation",
    "trout",
    "tuna",
    "wealth",
    "welfare",
    "whiting",
    "wildebeest",
    "wildlife",
    "you",
];

const UNCOUNTABLE_PATTERNS: &[&str] = &[
    r"pok[eé]mon$",
    r"[^aeiou]ese$",
    r"deer$",
    r"fish$",
    r"measles$",
    r"o[iu]s$",
    r"pox$",
    r"sheep$",
];

struct Inflector {
    plural_rules: Vec<(Pattern, &'static str)>,
    singular_rules: Vec<(Pattern, &'static str)>,
    single_to_plural: HashMap<String, String>,
    plural_to_single: HashMap<String, String>,
}

fn compile(rules: &[(&'static str, &'static str)]) -> Vec<(Pattern, &'static str)> {
    let uncountable = UNCOUNTABLE_PATTERNS.iter().map(|p| (*p, "$0"));
    rules
        .iter()
        .copied()
        .chain(uncountable)
        .filter_map(|(p, r)| Pattern::new(p).map(|re| (re, r)))
        .collect()
}

fn inflector() -> &'static Inflector {
    static CELL: OnceLock<Inflector> = OnceLock::new();
    CELL.get_or_init(|| Inflector {
        plural_rules: compile(PLURAL_RULES),
        singular_rules: compile(SINGULAR_RULES),
        single_to_plural: IRREGULAR
            .iter()
            .map(|(s, p)| (s.to_lowercase(), p.to_lowercase()))
            .collect(),
        plural_to_single: IRREGULAR
            .iter()
            .map(|(s, p)| (p.to_lowercase(), s.to_lowercase()))
            .collect(),
    })
}

// The rules need only a small part of a regex engine: literals, classes, groups, alternation, `?`,
// `^`, `$` and an ASCII `\b`, always case-insensitive. A backtracking matcher over that subset
// gives the leftmost-first match a regex engine gives (same captures: the unit tests compare it
// with the `regex` crate on many inputs) without that crate's size in the engine.

#[derive(Debug)]
enum Node {
    /// A literal, as its case variants (computed once, not per comparison).
    Char([char; 4]),
    /// `[…]`: ranges, negated or not.
    Class(bool, Vec<(char, char)>),
    Start,
    End,
    WordBoundary,
    /// Capture index (`None` for `(?:…)`) and alternatives.
    Group(Option<usize>, Vec<Vec<Node>>),
    Optional(Vec<Node>),
}

#[derive(Debug)]
struct Pattern {
    nodes: Vec<Node>,
    groups: usize,
}

/// A match: byte spans of the whole match (index 0) and of each capture group.
type Captures = Vec<Option<(usize, usize)>>;

impl Pattern {
    /// `None` for syntax outside the subset (the rule is then skipped, as a failed `Regex::new` was).
    fn new(pattern: &str) -> Option<Pattern> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut at = 0;
        let mut groups = 0;
        let alts = parse_alternatives(&chars, &mut at, &mut groups)?;
        if at != chars.len() {
            return None;
        }
        Some(Pattern {
            nodes: vec![Node::Group(None, alts)],
            groups,
        })
    }

    fn captures(&self, text: &str) -> Option<Captures> {
        let starts = text.char_indices().map(|(i, _)| i).chain([text.len()]);
        // One buffer for every start: a failed attempt leaves its slots as it found them.
        let mut caps = vec![None; self.groups + 1];
        for start in starts {
            let mut m = Matcher {
                text,
                caps: &mut caps,
            };
            if let Some(end) = m.run(&self.nodes, &Cont::Done, start) {
                caps[0] = Some((start, end));
                return Some(caps);
            }
        }
        None
    }
}

fn parse_alternatives(p: &[char], at: &mut usize, groups: &mut usize) -> Option<Vec<Vec<Node>>> {
    let mut alts = vec![Vec::new()];
    while let Some(&c) = p.get(*at) {
        *at += 1;
        let node = match c {
            ')' => {
                *at -= 1;
                break;
            }
            '|' => {
                alts.push(Vec::new());
                continue;
            }
            '^' => Node::Start,
            '$' => Node::End,
            '[' => parse_class(p, at)?,
            '(' => {
                let cap = if p.get(*at..*at + 2) == Some(&['?', ':']) {
                    *at += 2;
                    None
                } else if p.get(*at..*at + 6) == Some(&['?', '-', 'u', ':', '\\', 'b']) {
                    // `(?-u:\b)`, the only flag group the rules use.
                    *at += 6;
                    if p.get(*at) != Some(&')') {
                        return None;
                    }
                    *at += 1;
                    alts.last_mut()?.push(Node::WordBoundary);
                    continue;
                } else {
                    *groups += 1;
                    Some(*groups)
                };
                let inner = parse_alternatives(p, at, groups)?;
                if p.get(*at) != Some(&')') {
                    return None;
                }
                *at += 1;
                Node::Group(cap, inner)
            }
            '?' => {
                let last = alts.last_mut()?.pop()?;
                Node::Optional(vec![last])
            }
            '\\' | '*' | '+' | '{' | '.' => return None,
            c => Node::Char(case_variants(c)),
        };
        alts.last_mut()?.push(node);
    }
    Some(alts)
}

/// `[…]` after its `[`: literal characters, `a-z` ranges and `\xNN` escapes.
fn parse_class(p: &[char], at: &mut usize) -> Option<Node> {
    let negated = p.get(*at) == Some(&'^');
    if negated {
        *at += 1;
    }
    let mut ranges = Vec::new();
    let one = |at: &mut usize| -> Option<char> {
        let c = *p.get(*at)?;
        *at += 1;
        if c != '\\' {
            return Some(c);
        }
        if p.get(*at) != Some(&'x') {
            return None;
        }
        let hex: String = p.get(*at + 1..*at + 3)?.iter().collect();
        *at += 3;
        char::from_u32(u32::from_str_radix(&hex, 16).ok()?)
    };
    while p.get(*at) != Some(&']') {
        let lo = one(at)?;
        let hi = if p.get(*at) == Some(&'-') && p.get(*at + 1) != Some(&']') {
            *at += 1;
            one(at)?
        } else {
            lo
        };
        ranges.push((lo, hi));
    }
    *at += 1;
    Some(Node::Class(negated, ranges))
}

/// What is left to match after a node: the rest of an enclosing sequence, or the end of a group.
enum Cont<'a> {
    Done,
    Then(&'a [Node], &'a Cont<'a>),
    Close(usize, usize, &'a Cont<'a>),
}

struct Matcher<'t, 'c> {
    text: &'t str,
    caps: &'c mut Captures,
}

/// The case variants Unicode's simple case folding relates to `c` (`s`, `S` and `ſ`; `k`, `K`
/// and the Kelvin sign), as a case-insensitive regex compares characters.
fn case_variants(c: char) -> [char; 4] {
    // The rules' words are ASCII: their variants without Unicode's case tables (the same four).
    if c.is_ascii() {
        let (lower, upper) = (c.to_ascii_lowercase(), c.to_ascii_uppercase());
        let extra = match lower {
            's' => '\u{17F}',
            'k' => '\u{212A}',
            _ => lower,
        };
        return [c, lower, upper, extra];
    }
    let lower = c
        .to_lowercase()
        .next()
        .filter(|_| c.to_lowercase().count() == 1);
    let upper = c
        .to_uppercase()
        .next()
        .filter(|_| c.to_uppercase().count() == 1);
    let lower = lower.unwrap_or(c);
    let upper = upper.unwrap_or(c);
    let extra = match lower {
        's' => '\u{17F}',
        'k' => '\u{212A}',
        _ => lower,
    };
    [c, lower, upper, extra]
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Matcher<'_, '_> {
    /// Match `nodes` then `k` from byte `at`; the end of the whole match, on the first success in
    /// the regex's order of preference (alternatives left to right, `?` greedy).
    fn run(&mut self, nodes: &[Node], k: &Cont<'_>, at: usize) -> Option<usize> {
        let Some((node, rest)) = nodes.split_first() else {
            return self.resume(k, at);
        };
        let next = self.text[at..].chars().next();
        match node {
            Node::Char(wanted) => {
                let c = next?;
                let matches = case_variants(c).iter().any(|v| wanted.contains(v));
                if matches {
                    self.run(rest, k, at + c.len_utf8())
                } else {
                    None
                }
            }
            Node::Class(negated, ranges) => {
                let c = next?;
                let inside = case_variants(c)
                    .iter()
                    .any(|v| ranges.iter().any(|(lo, hi)| lo <= v && v <= hi));
                if inside != *negated {
                    self.run(rest, k, at + c.len_utf8())
                } else {
                    None
                }
            }
            Node::Start | Node::End | Node::WordBoundary => {
                let holds = match node {
                    Node::Start => at == 0,
                    Node::End => at == self.text.len(),
                    _ => is_word_char(self.text[..at].chars().next_back()) != is_word_char(next),
                };
                if holds {
                    self.run(rest, k, at)
                } else {
                    None
                }
            }
            Node::Group(cap, alts) => {
                let then = Cont::Then(rest, k);
                for alt in alts {
                    let found = match cap {
                        Some(i) => self.run(alt, &Cont::Close(*i, at, &then), at),
                        None => self.run(alt, &then, at),
                    };
                    if found.is_some() {
                        return found;
                    }
                }
                None
            }
            Node::Optional(inner) => self
                .run(inner, &Cont::Then(rest, k), at)
                .or_else(|| self.run(rest, k, at)),
        }
    }

    fn resume(&mut self, k: &Cont<'_>, at: usize) -> Option<usize> {
        match k {
            Cont::Done => Some(at),
            Cont::Then(nodes, k) => self.run(nodes, k, at),
            Cont::Close(i, start, k) => {
                let old = self.caps.get(*i).copied().flatten();
                if let Some(slot) = self.caps.get_mut(*i) {
                    *slot = Some((*start, at));
                }
                let found = self.resume(k, at);
                if found.is_none() {
                    if let Some(slot) = self.caps.get_mut(*i) {
                        *slot = old;
                    }
                }
                found
            }
        }
    }
}

/// Give `token` the letter case of `word` (all lower, all upper, or capitalised).
fn restore_case(word: &str, token: &str) -> String {
    if word == token {
        return token.to_string();
    }
    if word == word.to_lowercase() {
        return token.to_lowercase();
    }
    if word == word.to_uppercase() {
        return token.to_uppercase();
    }
    let first_upper = word
        .chars()
        .next()
        .is_some_and(|c| c.to_uppercase().eq(std::iter::once(c)));
    if first_upper {
        let mut cs = token.chars();
        return match cs.next() {
            Some(f) => f
                .to_uppercase()
                .chain(cs.as_str().to_lowercase().chars())
                .collect(),
            None => String::new(),
        };
    }
    token.to_lowercase()
}

fn interpolate(template: &str, word: &str, caps: &Captures) -> String {
    let mut out = String::new();
    let mut chars = template.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c == '$' {
            if let Some(&(_, d)) = chars.peek() {
                if let Some(n) = d.to_digit(10) {
                    chars.next();
                    let span = caps.get(n as usize).copied().flatten();
                    out.push_str(span.map_or("", |(a, b)| &word[a..b]));
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

fn apply_rules(word: &str, rules: &[(Pattern, &'static str)]) -> String {
    for (re, replacement) in rules.iter().rev() {
        let Some(caps) = re.captures(word) else {
            continue;
        };
        let Some((start, end)) = caps.first().copied().flatten() else {
            continue;
        };
        let result = interpolate(replacement, word, &caps);
        let restored = if start == end {
            let before = word[..start]
                .chars()
                .last()
                .map(String::from)
                .unwrap_or_default();
            restore_case(&before, &result)
        } else {
            restore_case(&word[start..end], &result)
        };
        return format!("{}{}{}", &word[..start], restored, &word[end..]);
    }
    word.to_string()
}

fn inflect(
    word: &str,
    replace: &HashMap<String, String>,
    keep: &HashMap<String, String>,
    rules: &[(Pattern, &'static str)],
) -> String {
    let token = word.to_lowercase();
    if keep.contains_key(&token) {
        return restore_case(word, &token);
    }
    if let Some(r) = replace.get(&token) {
        return restore_case(word, r);
    }
    if token.is_empty() || UNCOUNTABLE_WORDS.contains(&token.as_str()) {
        return word.to_string();
    }
    apply_rules(word, rules)
}

thread_local! {
    // relations.ts names a table's relations once per foreign key to or from it: the same few
    // words, asked thousands of times at a thousand tables.
    static MEMO: std::cell::RefCell<HashMap<(bool, String), String>> =
        std::cell::RefCell::new(HashMap::new());
}

fn memoized(plural: bool, word: &str, f: impl FnOnce() -> String) -> String {
    let key = (plural, word.to_string());
    if let Some(hit) = MEMO.with(|m| m.borrow().get(&key).cloned()) {
        return hit;
    }
    let out = f();
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        // The engine lives as long as its process: keep the memo from growing without end.
        if m.len() >= 100_000 {
            m.clear();
        }
        m.insert(key, out.clone());
    });
    out
}

pub fn plural(word: &str) -> String {
    memoized(true, word, || {
        let i = inflector();
        inflect(
            word,
            &i.single_to_plural,
            &i.plural_to_single,
            &i.plural_rules,
        )
    })
}

pub fn singular(word: &str) -> String {
    memoized(false, word, || {
        let i = inflector();
        inflect(
            word,
            &i.plural_to_single,
            &i.single_to_plural,
            &i.singular_rules,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule's pattern, matched by the small matcher and by the `regex` crate (what the rules
    /// ran on before), gives the same match and captures, on words built from the rules' own
    /// stems and endings, with case changes and the characters case folding relates (`ſ`, `K`).
    #[test]
    fn rule_matcher_agrees_with_the_regex_crate() {
        use crate::codegen::sample::strings;
        let patterns: Vec<&str> = PLURAL_RULES
            .iter()
            .chain(SINGULAR_RULES)
            .map(|(p, _)| *p)
            .chain(UNCOUNTABLE_PATTERNS.iter().copied())
            .collect();
        let stems_of = |p: &str| -> Vec<String> {
            p.split(|c: char| !c.is_alphabetic())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        let prefixes = ["", "b", "tit", "half", "é", " ", "_", "1"];
        let endings = [
            "", "s", "es", "i", "us", "a", "ae", "um", "on", "ix", "ex", "ices", "ies", "ves", "y",
            "o", "x", "ren", "im", "fe", "f", "ese", "is", "sis", "ses", "ey", "men", "ouse",
        ];
        let words_from = |stems: &[String]| -> Vec<String> {
            let mut words = Vec::new();
            for stem in stems {
                for prefix in prefixes {
                    for ending in endings {
                        let w = format!("{prefix}{stem}{ending}");
                        words.push(w.to_uppercase());
                        words.push(w);
                    }
                }
            }
            words
        };
        // Every pattern sees words built from its own stems, and a sample of the others' and of
        // random letters (the regex crate is slow in a debug build: all against all takes minutes).
        let all_stems: Vec<String> = patterns.iter().flat_map(|p| stems_of(p)).collect();
        let letters = [
            "a", "e", "i", "o", "u", "y", "s", "S", "ſ", "k", "K", "l", "f", "v", "x", "c", "h",
            "m", "n", "t", "r", "q", "z", "é", "É", "ü", " ", "_", "-", "0",
        ];
        let mut shared = strings(&letters, 4_000, 8);
        shared.extend(words_from(&all_stems).into_iter().step_by(23));
        for p in patterns {
            let ours = Pattern::new(p).unwrap_or_else(|| panic!("{p} is outside the subset"));
            let theirs = regex::Regex::new(&format!("(?i){p}")).unwrap();
            for w in words_from(&stems_of(p)).iter().chain(&shared) {
                let want: Option<Captures> = theirs
                    .captures(w)
                    .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect());
                assert_eq!(ours.captures(w), want, "{p} on {w:?}");
            }
        }
    }

    #[test]
    fn matches_the_pluralize_package() {
        // Expected values from `pluralize` as bundled in drizzle-kit 1.0.0-rc.5.
        let plurals = [
            ("user", "users"),
            ("users", "users"),
            ("category", "categories"),
            ("box", "boxes"),
            ("person", "people"),
            ("accountsInAuth", "accountsInAuths"),
            ("postsToTags", "postsToTags"),
            ("status", "statuses"),
            ("news", "news"),
            ("child", "children"),
            ("address", "addresses"),
            ("sheep", "sheep"),
        ];
        for (w, want) in plurals {
            assert_eq!(plural(w), want, "plural({w})");
        }
        let singulars = [
            ("users", "user"),
            ("categories", "category"),
            ("boxes", "box"),
            ("people", "person"),
            ("postsToTags", "postsToTag"),
            ("statuses", "status"),
            ("addresses", "address"),
            ("accountsInAuth", "accountsInAuth"),
            ("movies", "movie"),
            ("Users", "User"),
        ];
        for (w, want) in singulars {
            assert_eq!(singular(w), want, "singular({w})");
        }
    }
}
