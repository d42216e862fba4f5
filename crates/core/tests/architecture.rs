//! The dependency rules of ARCHITECTURE.md ("Dependency rules"), checked on the source: each
//! file's `crate::…` and `super::…` paths (comments and `#[cfg(test)]` modules left out) name the
//! modules it depends on. A new cycle, a store that reaches up into the workflows, or a model that
//! names the session fails here, before anyone has to untangle it.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The file's code without line comments, doc comments and its test module.
fn code_of(path: &Path) -> String {
    let src = std::fs::read_to_string(path).unwrap();
    let src = match src.find("#[cfg(test)]") {
        Some(i) => &src[..i],
        None => &src[..],
    };
    src.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// Identifiers following `prefix` in `code`: `prefix name` and every first segment of a
/// `prefix{a, b::c}` group.
fn names_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find(prefix) {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let first: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !first.is_empty() {
                    out.insert(first);
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// The graph between a crate's top-level modules (`crate::x` in a file of module `y`: y → x).
fn top_level_graph(src: &Path) -> Graph {
    let top_of = |p: &Path| -> Option<String> {
        let rel = p.strip_prefix(src).unwrap();
        let first = rel.components().next()?.as_os_str().to_str()?.to_string();
        let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
        (name != "lib" && name != "main").then_some(name)
    };
    let files = rust_files(src);
    let modules: BTreeSet<String> = files.iter().filter_map(|p| top_of(p)).collect();
    let mut g: Graph = modules.iter().map(|m| (m.clone(), BTreeSet::new())).collect();
    for f in &files {
        let Some(m) = top_of(f) else { continue };
        for d in names_after(&code_of(f), "crate::") {
            if d != m && modules.contains(&d) {
                g.get_mut(&m).unwrap().insert(d);
            }
        }
    }
    g
}

/// The graph between the submodules of module directory `dir` (its `mod.rs`, which declares and
/// re-exports them, left out): `super::x` and `crate::<module>::x` in files of submodule `y`.
fn submodule_graph(src: &Path, module: &str) -> Graph {
    let dir = src.join(module);
    let files = rust_files(&dir);
    let sub_of = |p: &Path| -> (String, usize) {
        let rel = p.strip_prefix(&dir).unwrap();
        let depth = rel.components().count();
        let first = rel.components().next().unwrap().as_os_str().to_str().unwrap().to_string();
        (first.strip_suffix(".rs").unwrap_or(&first).to_string(), depth)
    };
    let subs: BTreeSet<String> = files.iter().map(|p| sub_of(p).0).filter(|s| s != "mod").collect();
    let mut g: Graph = subs.iter().map(|m| (m.clone(), BTreeSet::new())).collect();
    for f in &files {
        let (sub, depth) = sub_of(f);
        if sub == "mod" {
            continue;
        }
        let code = code_of(f);
        let mut refs = names_after(&code, &format!("crate::{module}::"));
        match depth {
            1 => refs.extend(names_after(&code, "super::")),
            2 => refs.extend(names_after(&code, "super::super::")),
            _ => {}
        }
        for r in refs {
            if r != sub && subs.contains(&r) {
                g.get_mut(&sub).unwrap().insert(r);
            }
        }
    }
    g
}

/// The strongly connected components with more than one module (Tarjan).
fn cycles(g: &Graph) -> Vec<BTreeSet<String>> {
    struct T<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<BTreeSet<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        let n = t.index.len();
        t.index.insert(v, n);
        t.low.insert(v, n);
        t.stack.push(v);
        t.on.insert(v);
        for w in t.g.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = BTreeSet::new();
            loop {
                let w = t.stack.pop().unwrap();
                t.on.remove(w);
                comp.insert(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                t.out.push(comp);
            }
        }
    }
    let mut t = T { g, index: BTreeMap::new(), low: BTreeMap::new(), stack: vec![], on: BTreeSet::new(), out: vec![] };
    for v in g.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

fn core_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_top_level_modules_of_the_core_form_no_cycle() {
    let g = top_level_graph(&core_src());
    assert!(g.len() > 10, "the graph was read: {g:?}");
    assert_eq!(cycles(&g), Vec::<BTreeSet<String>>::new(), "cycles between modules of crates/core: {g:#?}");
}

#[test]
fn the_store_depends_only_on_errors_the_clock_and_the_atomic_writer() {
    let g = top_level_graph(&core_src());
    let allowed = set(&["error", "clock", "fsx"]);
    let extra: Vec<&String> = g["store"].iter().filter(|d| !allowed.contains(*d)).collect();
    assert!(extra.is_empty(), "store depends on {extra:?}");
    assert!(g["fsx"].iter().all(|d| d == "error"), "fsx depends only on error: {:?}", g["fsx"]);
    assert!(g["tabular"].iter().all(|d| d == "error" || d == "fsx"), "tabular: {:?}", g["tabular"]);
}

#[test]
fn the_model_is_plain_functions_that_never_name_the_session() {
    for f in rust_files(&core_src().join("model")) {
        let code = code_of(&f);
        assert!(!code.contains("Session"), "{} names Session", f.display());
        assert!(!code.contains("impl Session"), "{}", f.display());
    }
    let g = top_level_graph(&core_src());
    for lower in ["store", "model", "text", "tabular", "fsx", "error", "clock", "validation", "naming"] {
        for upper in ["batch", "upload", "progress", "dedupe", "import", "keying", "workspace"] {
            assert!(!g[lower].contains(upper), "{lower} must not depend on the workflow module {upper}");
        }
    }
}

#[test]
fn impl_session_lives_only_under_the_session_module() {
    let src = core_src();
    let outside: Vec<String> = rust_files(&src)
        .into_iter()
        .filter(|f| !f.starts_with(src.join("session")))
        .filter(|f| code_of(f).contains("impl Session"))
        .map(|f| f.strip_prefix(&src).unwrap().display().to_string())
        .collect();
    assert!(outside.is_empty(), "impl Session outside session/: {outside:?}");
}

/// Submodule cycles that existed when this test was written (ARCHITECTURE.md, "Known debt"). The
/// test fails when a new one appears or one of these grows; when one is broken, remove it here.
fn known_submodule_cycles() -> BTreeMap<&'static str, Vec<BTreeSet<String>>> {
    // batch {bag, export, import, limits, verdict} was broken: limits reads the manifest name
    // and `refused` from format, and what import and verdict share lives in batch::received.
    BTreeMap::new()
}

#[test]
fn no_new_cycle_among_the_submodules_of_a_core_module() {
    let src = core_src();
    let known = known_submodule_cycles();
    let mut modules = vec![];
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            modules.push(p.file_name().unwrap().to_str().unwrap().to_string());
        }
    }
    modules.sort();
    assert!(modules.len() >= 8, "{modules:?}");
    for m in modules {
        let found = cycles(&submodule_graph(&src, &m));
        let allowed = known.get(m.as_str()).cloned().unwrap_or_default();
        for c in &found {
            assert!(
                allowed.iter().any(|a| c.is_subset(a)),
                "a new cycle among the submodules of {m}: {c:?} (graph: {:#?})",
                submodule_graph(&src, &m)
            );
        }
    }
}

#[test]
fn the_linkage_engine_modules_form_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../linkage/src");
    let g = top_level_graph(&src);
    assert!(g.contains_key("index") && g.contains_key("train"), "{g:?}");
    assert_eq!(cycles(&g), Vec::<BTreeSet<String>>::new(), "cycles in crates/linkage: {g:#?}");
}

#[test]
fn the_checker_finds_a_cycle_when_there_is_one() {
    // The rule must be able to fail: a → b → c → a is a cycle, d → a is not part of it.
    let g: Graph = BTreeMap::from([
        ("a".to_string(), set(&["b"])),
        ("b".to_string(), set(&["c"])),
        ("c".to_string(), set(&["a"])),
        ("d".to_string(), set(&["a"])),
    ]);
    assert_eq!(cycles(&g), vec![set(&["a", "b", "c"])]);
    assert_eq!(names_after("use crate::{model::entry, text};\nlet x = crate::store::open();", "crate::"), set(&["model", "store", "text"]));
    assert!(names_after("my_crate::x", "crate::").is_empty());
}
