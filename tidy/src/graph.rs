//! A crate as its files: each file a module (`a/b.rs` and `a/b/mod.rs` are `a::b`), what each
//! uses of the others, and the circles — files that, through what they use, use themselves.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::paths::{Used, code_of, used_in};

/// One crate's files.
#[derive(Debug)]
pub struct Crate {
    /// Module path (`"store::users"`, `""` for the crate root) → what the file uses.
    modules: BTreeMap<String, Vec<Used>>,
    /// Module path → its code, for the checks that read it.
    code: BTreeMap<String, String>,
}

impl Crate {
    /// Reads every `.rs` file under `source` (a crate's `src/`), `root` being its root file.
    pub fn load(source: &Path, root: &str) -> Self {
        let mut modules = BTreeMap::new();
        let mut code = BTreeMap::new();
        for file in rust_files(source) {
            let relative = file.strip_prefix(source).expect("under the source folder");
            let Some(module) = module_of(relative, root) else {
                continue;
            };
            let text = std::fs::read_to_string(&file).expect("a readable source file");
            let stripped = code_of(&text);
            modules.insert(module.clone(), used_in(&stripped));
            code.insert(module, stripped);
        }
        Self { modules, code }
    }

    /// The files (as module paths) and their code.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.code
            .iter()
            .map(|(module, code)| (module.as_str(), code.as_str()))
    }

    /// The modules `module` uses, other than itself and what it only hands on to its own users.
    pub fn uses_of(&self, module: &str) -> BTreeSet<String> {
        let Some(used) = self.modules.get(module) else {
            return BTreeSet::new();
        };
        used.iter()
            .filter_map(|used| {
                let target = self.resolve(module, &used.segments)?;
                let handed_on_from_below = used.handed_on && is_within(&target, module);
                (target != module && !handed_on_from_below).then_some(target)
            })
            .collect()
    }

    /// The file a path written in `module` leads to, following `pub use`s; `None` outside the
    /// crate.
    fn resolve(&self, module: &str, segments: &[String]) -> Option<String> {
        let mut base: Vec<&str> = split(module);
        let mut rest = segments;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                base.clear();
                rest = &rest[1..];
            }
            Some("self") => rest = &rest[1..],
            Some("super") => {
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop()?;
                    rest = &rest[1..];
                }
            }
            // A child module named first (`use child::Item` in its parent).
            Some(first) if self.modules.contains_key(&join(&base, &[first])) => {}
            _ => return None,
        }
        let mut found = join(&base, &[]);
        let mut depth = 0;
        for (at, segment) in rest.iter().enumerate() {
            let deeper = join(&split(&found), &[segment]);
            if self.modules.contains_key(&deeper) {
                found = deeper;
                depth = at + 1;
            } else {
                break;
            }
        }
        // An item the module only hands on: the module it comes from.
        if let Some(origin) = rest
            .get(depth)
            .and_then(|name| self.handed_on_by(&found, name))
        {
            return Some(origin);
        }
        Some(found)
    }

    /// Where `module`'s `pub use` of `name` comes from, if it hands one on from inside the crate.
    fn handed_on_by(&self, module: &str, name: &str) -> Option<String> {
        self.modules.get(module)?.iter().find_map(|used| {
            let last = used.segments.last()?;
            if !used.handed_on || last != name {
                return None;
            }
            let origin = self.resolve(module, &used.segments)?;
            (origin != module).then_some(origin)
        })
    }
}

/// The circles among `krate`'s files: each a list of two or more files that use one another,
/// directly or through others (Tarjan's strongly connected components).
pub fn circles(krate: &Crate) -> Vec<Vec<String>> {
    let names: Vec<&String> = krate.modules.keys().collect();
    let index_of: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(at, name)| (name.as_str(), at))
        .collect();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|name| {
            krate
                .uses_of(name)
                .iter()
                .filter_map(|target| index_of.get(target.as_str()).copied())
                .collect()
        })
        .collect();
    let mut search = Tarjan {
        edges: &edges,
        index: vec![None; names.len()],
        low: vec![0; names.len()],
        on_stack: vec![false; names.len()],
        stack: Vec::new(),
        next: 0,
        found: Vec::new(),
    };
    for node in 0..names.len() {
        if search.index[node].is_none() {
            search.visit(node);
        }
    }
    let mut found: Vec<Vec<String>> = search
        .found
        .into_iter()
        .filter(|component| component.len() > 1)
        .map(|component| {
            let mut files: Vec<String> = component
                .into_iter()
                .map(|node| display(names[node]))
                .collect();
            files.sort();
            files
        })
        .collect();
    found.sort();
    found
}

struct Tarjan<'a> {
    edges: &'a [Vec<usize>],
    index: Vec<Option<usize>>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    next: usize,
    found: Vec<Vec<usize>>,
}

impl Tarjan<'_> {
    fn visit(&mut self, node: usize) {
        self.index[node] = Some(self.next);
        self.low[node] = self.next;
        self.next += 1;
        self.stack.push(node);
        self.on_stack[node] = true;
        for &next in &self.edges[node] {
            match self.index[next] {
                None => {
                    self.visit(next);
                    self.low[node] = self.low[node].min(self.low[next]);
                }
                Some(index) if self.on_stack[next] => self.low[node] = self.low[node].min(index),
                Some(_) => {}
            }
        }
        if Some(self.low[node]) == self.index[node] {
            let mut component = Vec::new();
            while let Some(top) = self.stack.pop() {
                self.on_stack[top] = false;
                component.push(top);
                if top == node {
                    break;
                }
            }
            self.found.push(component);
        }
    }
}

/// A module path as people read it: `crate::store::users`.
fn display(module: &str) -> String {
    if module.is_empty() {
        "crate".to_string()
    } else {
        format!("crate::{module}")
    }
}

/// Whether `inner` is `outer` or inside it.
fn is_within(inner: &str, outer: &str) -> bool {
    outer.is_empty() || inner == outer || inner.starts_with(&format!("{outer}::"))
}

fn split(module: &str) -> Vec<&str> {
    module.split("::").filter(|s| !s.is_empty()).collect()
}

fn join(base: &[&str], more: &[&str]) -> String {
    base.iter()
        .chain(more)
        .copied()
        .collect::<Vec<_>>()
        .join("::")
}

/// The module a file under `src/` is: `None` for another binary's root.
fn module_of(relative: &Path, root: &str) -> Option<String> {
    let parts: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    let (file, folders) = parts.split_last()?;
    if folders.is_empty() && (file == "lib.rs" || file == "main.rs") {
        return (file == root).then(String::new);
    }
    if folders.first().map(String::as_str) == Some("bin") {
        return None;
    }
    let mut path: Vec<&str> = folders.iter().map(String::as_str).collect();
    match file.strip_suffix(".rs")? {
        "mod" => {}
        name => path.push(name),
    }
    Some(path.join("::"))
}

/// Every `.rs` file under `folder`, sorted.
fn rust_files(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a readable source folder") {
            let path = entry.expect("a readable folder entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
