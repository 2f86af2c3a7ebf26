//! English plural and singular forms for relation names. drizzle-kit names relations with the
//! `pluralize` npm package (MIT, Blake Embrey); the rule tables below are that package's data, so that
//! `users` → `user` and `category` → `categories` come out the way rc.5 writes them.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::{Captures, Regex};

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
    plural_rules: Vec<(Regex, &'static str)>,
    singular_rules: Vec<(Regex, &'static str)>,
    single_to_plural: HashMap<String, String>,
    plural_to_single: HashMap<String, String>,
}

fn compile(rules: &[(&'static str, &'static str)]) -> Vec<(Regex, &'static str)> {
    let uncountable = UNCOUNTABLE_PATTERNS.iter().map(|p| (*p, "$0"));
    rules
        .iter()
        .copied()
        .chain(uncountable)
        .filter_map(|(p, r)| Regex::new(&format!("(?i){p}")).ok().map(|re| (re, r)))
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

fn interpolate(template: &str, caps: &Captures<'_>) -> String {
    let mut out = String::new();
    let mut chars = template.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c == '$' {
            if let Some(&(_, d)) = chars.peek() {
                if let Some(n) = d.to_digit(10) {
                    chars.next();
                    out.push_str(caps.get(n as usize).map_or("", |m| m.as_str()));
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

fn apply_rules(word: &str, rules: &[(Regex, &'static str)]) -> String {
    for (re, replacement) in rules.iter().rev() {
        let Some(caps) = re.captures(word) else {
            continue;
        };
        let Some(m) = caps.get(0) else { continue };
        let result = interpolate(replacement, &caps);
        let restored = if m.as_str().is_empty() {
            let before = word[..m.start()]
                .chars()
                .last()
                .map(String::from)
                .unwrap_or_default();
            restore_case(&before, &result)
        } else {
            restore_case(m.as_str(), &result)
        };
        return format!("{}{}{}", &word[..m.start()], restored, &word[m.end()..]);
    }
    word.to_string()
}

fn inflect(
    word: &str,
    replace: &HashMap<String, String>,
    keep: &HashMap<String, String>,
    rules: &[(Regex, &'static str)],
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

pub fn plural(word: &str) -> String {
    let i = inflector();
    inflect(
        word,
        &i.single_to_plural,
        &i.plural_to_single,
        &i.plural_rules,
    )
}

pub fn singular(word: &str) -> String {
    let i = inflector();
    inflect(
        word,
        &i.plural_to_single,
        &i.single_to_plural,
        &i.singular_rules,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
