//! From a SKOS graph to the atlas: dimensions, families, descriptors, levels and matrix cells.
//!
//! SKOS says which concept is broader than which; the atlas needs more: which concepts are the
//! families of which dimension, how deep each descriptor sits, and which cells of the matrix it
//! falls in. Everything is derived from the graph and `commons.toml`, never from a built-in list,
//! so any SKOS thesaurus with collections or top concepts works the same way.

use super::skos::{Graph, Node, Text};
use crate::config::{Config, DimensionConfig, FamilySource};
use crate::report::{Location, Problem, Report, Rule};
use commons_atlas::model::{
    Cell, Concept, ConceptId, Dimension, Family, Labels, Lang, Matrix, Role, Thesaurus,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use thiserror::Error;

/// The configuration names something the thesaurus does not have.
#[derive(Debug, Error)]
#[error("{config}: {message}")]
pub struct AtlasError {
    pub config: String,
    pub message: String,
}

/// Builds the atlas from `graph`, reporting what is inconsistent to `report`.
pub fn assemble(graph: &Graph, config: &Config, file: &str, report: &mut Report) -> Result<Thesaurus, AtlasError> {
    let config_name = config.path.display().to_string();
    let fail = |message: String| AtlasError { config: config_name.clone(), message };
    let default_lang = &config.languages[0];
    let here = || Location::file(file);

    // 1. Which nodes are concepts of the thesaurus.
    let in_scheme = |node: &Node| match &config.scheme {
        None => true,
        Some(scheme) => {
            node.in_scheme.is_empty() && node.top_concept_of.is_empty()
                || node.in_scheme.iter().any(|s| s == scheme)
                || node.top_concept_of.iter().any(|s| s == scheme)
                || graph.get(scheme).is_some_and(|s| s.has_top_concept.contains(&node.iri))
        }
    };
    let candidates: Vec<&Node> = graph
        .nodes
        .iter()
        .filter(|n| n.looks_like_concept() && !n.is_collection() && in_scheme(n))
        .collect();
    let candidate_index: HashMap<&str, usize> =
        candidates.iter().enumerate().map(|(i, n)| (n.iri.as_str(), i)).collect();

    // 2. broader links from both directions, deduplicated; links to non-concepts reported once.
    let mut broader: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); candidates.len()];
    let mut related: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); candidates.len()];
    let dangling = |from: &str, to: &str, link: &str, report: &mut Report| {
        report.push(
            Problem::new(
                Rule::DanglingConceptLink,
                here(),
                format!("skos:{link} points to <{to}>, which is not a concept of the thesaurus; the link is ignored"),
            )
            .record(format!("<{from}>")),
        );
    };
    for (i, node) in candidates.iter().enumerate() {
        for (targets, link) in [(&node.broader, "broader"), (&node.narrower, "narrower"), (&node.related, "related")] {
            for target in targets {
                match candidate_index.get(target.as_str()) {
                    Some(&j) if j == i => {}
                    Some(&j) => match link {
                        "broader" => {
                            broader[i].insert(j);
                        }
                        "narrower" => {
                            broader[j].insert(i);
                        }
                        _ => {
                            related[i].insert(j);
                            related[j].insert(i);
                        }
                    },
                    // A link to the concept a dimension hangs from is expected, not dangling.
                    None if is_dimension_root(config, target) => {}
                    None => dangling(&node.iri, target, link, report),
                }
            }
        }
    }

    // 3. Cycles in broader are errors; break each at its closing edge so the rest terminates.
    break_cycles(&mut broader, &candidates, file, report);

    // 4. Dimensions and their families.
    let dimension_configs = if config.dimensions.is_empty() {
        default_dimensions(graph, &candidates, &broader)
    } else {
        config.dimensions.clone()
    };
    let mut narrower: Vec<Vec<usize>> = vec![Vec::new(); candidates.len()];
    for (i, parents) in broader.iter().enumerate() {
        for &p in parents {
            narrower[p].push(i);
        }
    }
    let mut family_of: HashMap<usize, u16> = HashMap::new();
    let mut dimensions_raw: Vec<(DimensionConfig, String, Labels, Vec<usize>)> = Vec::new();
    let explicit = !config.dimensions.is_empty();
    for dim in dimension_configs {
        let d = dimensions_raw.len();
        let (iri, families): (String, Vec<usize>) = match &dim.source {
            FamilySource::Collection(iri) => {
                let node = graph
                    .get(iri)
                    .filter(|n| n.is_collection())
                    .ok_or_else(|| fail(format!("dimension {:?}: the thesaurus has no collection <{iri}>", dim.id)))?;
                let mut families = Vec::new();
                for member in &node.members {
                    match candidate_index.get(member.as_str()) {
                        Some(&j) => families.push(j),
                        None => dangling(iri, member, "member", report),
                    }
                }
                (iri.clone(), families)
            }
            FamilySource::Concept(iri) => {
                let node = graph
                    .get(iri)
                    .ok_or_else(|| fail(format!("dimension {:?}: the thesaurus has no concept <{iri}>", dim.id)))?;
                let mut families: Vec<usize> = match candidate_index.get(iri.as_str()) {
                    Some(&root) => narrower[root].clone(),
                    None => Vec::new(),
                };
                // Families may point up to the root with broader, or the root down with narrower,
                // even when the root itself is not kept as a concept.
                for (j, n) in candidates.iter().enumerate() {
                    if (n.broader.contains(iri) || node.narrower.contains(&n.iri)) && !families.contains(&j) {
                        families.push(j);
                    }
                }
                families.sort_by(|&a, &b| natural_key(candidates[a]).cmp(&natural_key(candidates[b])));
                (iri.clone(), families)
            }
        };
        if families.is_empty() && !explicit {
            continue; // a chosen-by-default top concept with nothing under it is no dimension
        }
        if families.is_empty() {
            return Err(fail(format!("dimension {:?}: <{iri}> has no families", dim.id)));
        }
        for &f in &families {
            family_of.entry(f).or_insert(d as u16);
        }
        let labels = labels_of(graph.get(&iri).map(|n| n.pref_labels.as_slice()).unwrap_or(&[]), default_lang);
        dimensions_raw.push((dim, iri, labels, families));
    }
    let root_iris: HashSet<&str> = dimensions_raw.iter().map(|(_, iri, _, _)| iri.as_str()).collect();

    // 5. Levels: distance below the nearest family, breadth first.
    let mut level: Vec<Option<u8>> = vec![None; candidates.len()];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for &f in family_of.keys() {
        level[f] = Some(0);
        queue.push_back(f);
    }
    while let Some(c) = queue.pop_front() {
        let next = level[c].unwrap_or(0).saturating_add(1);
        for &n in &narrower[c] {
            if level[n].is_none() {
                level[n] = Some(next);
                queue.push_back(n);
            }
        }
    }

    // 6. Keep families then reachable descriptors, in file order; report the unreachable.
    let mut keep: Vec<usize> = Vec::new();
    for (_, _, _, families) in &dimensions_raw {
        for &f in families {
            if !keep.contains(&f) {
                keep.push(f);
            }
        }
    }
    let family_set: HashSet<usize> = keep.iter().copied().collect();
    for (i, node) in candidates.iter().enumerate() {
        if family_set.contains(&i) || root_iris.contains(node.iri.as_str()) {
            continue;
        }
        if level[i].is_some() {
            keep.push(i);
        } else {
            report.push(
                Problem::new(
                    Rule::UnreachableConcept,
                    here(),
                    "no dimension reaches this concept through skos:broader/narrower; it is left out of the atlas",
                )
                .record(format!("<{}>", node.iri))
                .expected("a broader chain up to a family of a dimension"),
            );
        }
    }
    let id_of: HashMap<usize, ConceptId> =
        keep.iter().enumerate().map(|(new, &old)| (old, ConceptId(new as u32))).collect();
    let map = |set: &BTreeSet<usize>| -> Vec<ConceptId> {
        let mut v: Vec<ConceptId> = set.iter().filter_map(|i| id_of.get(i).copied()).collect();
        v.sort();
        v
    };

    let mut concepts: Vec<Concept> = Vec::with_capacity(keep.len());
    let mut notations: HashMap<&str, &str> = HashMap::new();
    for &old in &keep {
        let node = candidates[old];
        let notation = node.notations.first().cloned();
        if let Some(n) = node.notations.first() {
            if let Some(other) = notations.insert(n, &node.iri) {
                report.push(
                    Problem::new(
                        Rule::DuplicateNotation,
                        here(),
                        format!("notation {n:?} is also the notation of <{other}>; feeds that name it are ambiguous"),
                    )
                    .record(format!("<{}>", node.iri))
                    .expected("each notation on one concept only"),
                );
            }
        }
        let role = match family_of.get(&old) {
            Some(&dimension) => Role::Family { dimension },
            None => Role::Descriptor { level: level[old].unwrap_or(1) },
        };
        let labels = labels_of(&node.pref_labels, default_lang);
        let missing: Vec<&str> = config
            .languages
            .iter()
            .filter(|l| labels.get(l).is_none())
            .map(|l| l.as_str())
            .collect();
        if !missing.is_empty() {
            report.push(
                Problem::new(
                    Rule::MissingLabel,
                    here(),
                    format!("no skos:prefLabel in {}; visitors in that language see another language's label", missing.join(", ")),
                )
                .record(format!("<{}>", node.iri)),
            );
        }
        concepts.push(Concept {
            iri: node.iri.clone(),
            notation,
            role,
            labels,
            alt_labels: texts(&node.alt_labels, default_lang),
            hidden_labels: texts(&node.hidden_labels, default_lang),
            scope_notes: labels_of(&node.scope_notes, default_lang),
            definitions: labels_of(&node.definitions, default_lang),
            broader: map(&broader[old]),
            narrower: Vec::new(),
            related: map(&related[old]),
            families: Vec::new(),
            cells: Vec::new(),
        });
    }
    for i in 0..concepts.len() {
        for b in concepts[i].broader.clone() {
            concepts[b.index()].narrower.push(ConceptId(i as u32));
        }
    }

    // 7. Families and matrix cells, inherited down the broader links.
    let dimensions: Vec<Dimension> = dimensions_raw
        .iter()
        .map(|(dim, iri, labels, families)| Dimension {
            id: dim.id.clone(),
            iri: iri.clone(),
            labels: labels.clone(),
            families: families
                .iter()
                .map(|f| {
                    let node = candidates[*f];
                    let style = node
                        .notations
                        .iter()
                        .find_map(|n| dim.families.get(n))
                        .or_else(|| dim.families.get(&node.iri))
                        .cloned()
                        .unwrap_or_default();
                    Family { concept: id_of[f], colour: style.colour, icon: style.icon }
                })
                .collect(),
        })
        .collect();
    let matrix = choose_matrix(config, &dimensions);
    let order = topological_order(&concepts);
    for &c in &order {
        let concept = &concepts[c.index()];
        let mut families: BTreeSet<ConceptId> = BTreeSet::new();
        let mut cells: BTreeSet<Cell> = BTreeSet::new();
        if concept.is_family() {
            families.insert(c);
        }
        for &b in &concept.broader {
            families.extend(concepts[b.index()].families.iter().copied());
            cells.extend(concepts[b.index()].cells.iter().copied());
        }
        if let Some(m) = matrix {
            let parents_in = |d: u16| -> Vec<ConceptId> {
                concept
                    .broader
                    .iter()
                    .copied()
                    .filter(|b| concepts[b.index()].role == Role::Family { dimension: d })
                    .collect()
            };
            for row in parents_in(m.rows) {
                for column in parents_in(m.columns) {
                    cells.insert(Cell { row, column });
                }
            }
        }
        // A descriptor reaching one family of each matrix dimension along different paths (its
        // component through one parent, its angle through another) still has its place: the
        // pairs of its families.
        if let (Some(m), true) = (matrix, cells.is_empty()) {
            let in_dimension = |d: u16| -> Vec<ConceptId> {
                families.iter().copied().filter(|f| concepts[f.index()].role == Role::Family { dimension: d }).collect()
            };
            for row in in_dimension(m.rows) {
                for column in in_dimension(m.columns) {
                    cells.insert(Cell { row, column });
                }
            }
        }
        let concept = &mut concepts[c.index()];
        concept.families = families.into_iter().collect();
        concept.cells = cells.into_iter().collect();
    }

    let scheme_labels = config
        .scheme
        .as_deref()
        .and_then(|s| graph.get(s))
        .or_else(|| graph.nodes.iter().find(|n| n.has_type("ConceptScheme")))
        .map(|n| labels_of(&n.pref_labels, default_lang))
        .unwrap_or_default();
    Ok(Thesaurus::new(scheme_labels, concepts, dimensions, matrix))
}

fn is_dimension_root(config: &Config, iri: &str) -> bool {
    config
        .dimensions
        .iter()
        .any(|d| matches!(&d.source, FamilySource::Concept(c) if c == iri))
}

/// Sort key that puts "2" before "10" and "A" before "B": notation (or IRI) split into runs of
/// digits and non-digits.
fn natural_key(node: &Node) -> Vec<(String, u64)> {
    let text = node.notations.first().unwrap_or(&node.iri);
    let mut key = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        let digit = c.is_ascii_digit();
        let mut run = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_digit() != digit {
                break;
            }
            run.push(c);
            chars.next();
        }
        if digit {
            key.push((String::new(), run.parse().unwrap_or(u64::MAX)));
        } else {
            key.push((run, 0));
        }
    }
    key
}

/// When `commons.toml` has no `[[dimensions]]`: top-level collections, else top concepts.
fn default_dimensions(graph: &Graph, candidates: &[&Node], broader: &[BTreeSet<usize>]) -> Vec<DimensionConfig> {
    let nested: HashSet<&str> = graph
        .nodes
        .iter()
        .filter(|n| n.is_collection())
        .flat_map(|n| n.members.iter().map(String::as_str))
        .collect();
    let collections: Vec<&Node> = graph
        .nodes
        .iter()
        .filter(|n| n.is_collection() && !nested.contains(n.iri.as_str()))
        .collect();
    let make = |node: &Node, source: FamilySource| DimensionConfig {
        id: short_id(node),
        source,
        families: BTreeMap::new(),
    };
    if !collections.is_empty() {
        return collections
            .into_iter()
            .map(|n| make(n, FamilySource::Collection(n.iri.clone())))
            .collect();
    }
    candidates
        .iter()
        .enumerate()
        .filter(|(i, n)| !n.top_concept_of.is_empty() || broader[*i].is_empty())
        .map(|(_, n)| make(n, FamilySource::Concept(n.iri.clone())))
        .collect()
}

fn short_id(node: &Node) -> String {
    let text = node
        .notations
        .first()
        .map(String::as_str)
        .unwrap_or_else(|| node.iri.rsplit(['/', '#']).find(|s| !s.is_empty()).unwrap_or(&node.iri));
    commons_atlas::text::fold(text).replace(' ', "-")
}

fn choose_matrix(config: &Config, dimensions: &[Dimension]) -> Option<Matrix> {
    let index = |id: &str| dimensions.iter().position(|d| d.id == id).map(|i| i as u16);
    match &config.matrix {
        Some((rows, columns)) => Some(Matrix { rows: index(rows)?, columns: index(columns)? }),
        None if dimensions.len() >= 2 => Some(Matrix { rows: 0, columns: 1 }),
        None => None,
    }
}

/// Concepts ordered so that every concept comes after all its broader ones.
fn topological_order(concepts: &[Concept]) -> Vec<ConceptId> {
    let mut waiting: Vec<usize> = concepts.iter().map(|c| c.broader.len()).collect();
    let mut queue: VecDeque<ConceptId> =
        (0..concepts.len()).filter(|&i| waiting[i] == 0).map(|i| ConceptId(i as u32)).collect();
    let mut order = Vec::with_capacity(concepts.len());
    while let Some(c) = queue.pop_front() {
        order.push(c);
        for &n in &concepts[c.index()].narrower {
            waiting[n.index()] -= 1;
            if waiting[n.index()] == 0 {
                queue.push_back(n);
            }
        }
    }
    order
}

/// Finds broader cycles by depth-first search, reports each once and removes its closing edge.
fn break_cycles(broader: &mut [BTreeSet<usize>], nodes: &[&Node], file: &str, report: &mut Report) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; broader.len()];
    for start in 0..broader.len() {
        if mark[start] != Mark::New {
            continue;
        }
        // Iterative DFS: (node, its broader list, next index into it).
        let mut path: Vec<(usize, Vec<usize>, usize)> = vec![(start, broader[start].iter().copied().collect(), 0)];
        mark[start] = Mark::OnPath;
        while let Some((node, parents, next)) = path.last_mut() {
            if *next == parents.len() {
                mark[*node] = Mark::Done;
                path.pop();
                continue;
            }
            let parent = parents[*next];
            *next += 1;
            let node = *node;
            match mark[parent] {
                Mark::New => {
                    mark[parent] = Mark::OnPath;
                    let grand = broader[parent].iter().copied().collect();
                    path.push((parent, grand, 0));
                }
                Mark::OnPath => {
                    let from = path.iter().position(|(n, _, _)| *n == parent).unwrap_or(0);
                    let cycle: Vec<String> = path[from..]
                        .iter()
                        .map(|(n, _, _)| describe(nodes[*n]))
                        .chain(std::iter::once(describe(nodes[parent])))
                        .collect();
                    report.push(
                        Problem::new(
                            Rule::BroaderCycle,
                            Location::file(file),
                            format!("skos:broader goes round in a circle: {}", cycle.join(" → ")),
                        )
                        .record(format!("<{}>", nodes[node].iri))
                        .expected("broader links that lead up to a family without returning"),
                    );
                    broader[node].remove(&parent);
                }
                Mark::Done => {}
            }
        }
    }
}

fn describe(node: &Node) -> String {
    match node.notations.first() {
        Some(n) => format!("{n} <{}>", node.iri),
        None => format!("<{}>", node.iri),
    }
}

fn lang_or_default(text: &Text, default: &Lang) -> Option<Lang> {
    if text.lang.is_empty() {
        Some(default.clone())
    } else {
        Lang::parse(&text.lang).ok()
    }
}

/// One text per language; a tagged text wins over an untagged one given the default language.
fn labels_of(texts: &[Text], default: &Lang) -> Labels {
    let mut labels = Labels::new();
    for t in texts.iter().filter(|t| t.lang.is_empty()) {
        labels.insert(default.clone(), t.value.trim().to_string());
    }
    for t in texts.iter().filter(|t| !t.lang.is_empty()) {
        if let Some(lang) = lang_or_default(t, default) {
            if labels.get(&lang).is_none() || texts.iter().filter(|x| x.lang == t.lang).count() == 1 {
                labels.insert(lang, t.value.trim().to_string());
            }
        }
    }
    labels
}

fn texts(texts: &[Text], default: &Lang) -> Vec<(Lang, String)> {
    let mut out: Vec<(Lang, String)> = texts
        .iter()
        .filter_map(|t| Some((lang_or_default(t, default)?, t.value.trim().to_string())))
        .collect();
    out.sort();
    out.dedup();
    out
}
