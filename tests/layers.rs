//! The layering of docs/architecture.md, checked on the source: every `crate::<layer>` a layer's
//! code names is a layer below it (test modules aside), so there is no import cycle between layers.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// What each layer may use besides itself.
fn allowed(layer: &str) -> Option<&'static [&'static str]> {
    Some(match layer {
        "migrations" => &["error", "dialect"],
        "model" => &["error", "dialect", "fasthash"],
        "snapshot" => &["model", "error", "dialect", "fasthash", "migrations"],
        "diff" => &["snapshot", "model", "error", "dialect", "fasthash"],
        "sql" => &["diff", "snapshot", "model", "error", "dialect", "fasthash"],
        "introspect" => &["model", "error", "dialect", "fasthash", "migrations", "lex"],
        "codegen" => &["model", "error", "dialect", "fasthash"],
        _ => return None,
    })
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/ is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn layers_depend_downward_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut offences = BTreeSet::new();
    let mut checked = 0;
    for file in files {
        let rel = file.strip_prefix(&src).unwrap_or(&file);
        let layer = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or("");
        let Some(allowed) = allowed(layer) else {
            continue;
        };
        if rel.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        checked += 1;
        let text = fs::read_to_string(&file).expect("source is UTF-8");
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        for (at, _) in code.match_indices("crate::") {
            let dep: String = code[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if dep != layer && !allowed.contains(&dep.as_str()) {
                offences.insert(format!("{}: {layer} uses {dep}", rel.display()));
            }
        }
    }
    assert!(checked > 40, "only {checked} files checked");
    assert!(
        offences.is_empty(),
        "layers used upward or sideways:\n{}",
        offences.into_iter().collect::<Vec<_>>().join("\n")
    );
}
