//! From a SKOS graph to the atlas: dimensions, families, descriptors, levels and matrix cells.
//!
//! SKOS says which concept is broader than which, and which collections hold which members; the
//! atlas needs more: which concepts are the families of which dimension, how deep each descriptor
//! sits, and which cells of the matrix it falls in. Everything is derived from the graph and
//! `commons.toml`, never from a built-in list, so that any SKOS thesaurus works the same way:
//! ours (dimensions as collections of family concepts), and those published by others, whose
//! families are often collections themselves (ISO 25964 domains → microthesauri → concepts).
//!
//! The rules, which `docs/COMMONS_TOML.md` states for maintainers:
//!
//! - A family is a concept (a member of the dimension's collection, or a narrower concept of the
//!   dimension's concept) or a collection (a member collection of the dimension's collection). A
//!   family that is a collection becomes a concept of the atlas, with the collection's labels.
//! - A concept is *filed directly* under a family when it has the family concept as broader, or
//!   when it is a member of the family collection or of any collection below it. It is *under* a
//!   family when it is filed directly under it or has a broader concept under it.
//! - Its cells are the cells of each of its broader concepts, plus every pair that one of its own
//!   direct filings makes with the families of the other matrix dimension that it is under. So
//!   two broader concepts in cells 1A and 2B give 1A and 2B, never 1B or 2A.

use super::skos::{Graph, Node, Text};
use super::Imported;
use crate::config::{Config, DimensionConfig, FamilySource};
use crate::report::{Problem, Report, Rule};
use commons_atlas::model::{
    Cell, Concept, ConceptId, Dimension, Family, Labels, Lang, Matrix, Note, Role, Thesaurus,
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

/// What the atlas is made of: the thesaurus' concepts (`0..concepts`) then the collections that
/// are families (`concepts..`), so that both kinds of family are addressed alike.
struct Items<'g> {
    nodes: Vec<&'g Node>,
    /// How many of `nodes` are concepts; the rest are family collections.
    concepts: usize,
    index: HashMap<&'g str, usize>,
}

impl<'g> Items<'g> {
    fn is_collection(&self, i: usize) -> bool {
        i >= self.concepts
    }

    fn push_collection(&mut self, node: &'g Node) -> usize {
        if let Some(&i) = self.index.get(node.iri.as_str()) {
            return i;
        }
        self.nodes.push(node);
        self.index.insert(&node.iri, self.nodes.len() - 1);
        self.nodes.len() - 1
    }

    fn concept(&self, iri: &str) -> Option<usize> {
        self.index.get(iri).copied().filter(|&i| i < self.concepts)
    }
}

/// A dimension as found in the graph, before concepts are numbered.
struct FoundDimension {
    config: DimensionConfig,
    iri: String,
    labels: Labels,
    /// Item numbers of its families, in order.
    families: Vec<usize>,
}

/// Builds the atlas from `graph`, reporting what is inconsistent or suspicious to `report`.
pub fn assemble(graph: &Graph, config: &Config, report: &mut Report) -> Result<(Thesaurus, Imported), AtlasError> {
    let config_name = config.path.display().to_string();
    let fail = |message: String| AtlasError { config: config_name.clone(), message };
    let default_lang = &config.languages[0];
    let at = |node: &Node| graph.location(node);

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
    let nodes: Vec<&Node> = graph
        .nodes
        .iter()
        .filter(|n| n.looks_like_concept() && !n.is_collection() && in_scheme(n))
        .collect();
    let concept_count = nodes.len();
    let mut items = Items {
        index: nodes.iter().enumerate().map(|(i, n)| (n.iri.as_str(), i)).collect(),
        nodes,
        concepts: concept_count,
    };

    // 2. broader links from both directions, deduplicated; links to non-concepts reported once.
    let mut broader: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); concept_count];
    let mut related: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); concept_count];
    let dangling = |from: &Node, to: &str, link: &str, report: &mut Report| {
        report.push(
            Problem::new(
                Rule::DanglingConceptLink,
                at(from),
                format!("skos:{link} points to <{to}>, which is not a concept of the thesaurus; the link is ignored"),
            )
            .record(format!("<{}>", from.iri)),
        );
    };
    for i in 0..concept_count {
        let node = items.nodes[i];
        for (targets, link) in [(&node.broader, "broader"), (&node.narrower, "narrower"), (&node.related, "related")] {
            for target in targets {
                match items.concept(target) {
                    Some(j) if j == i => {}
                    Some(j) => match link {
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
                    None => dangling(node, target, link, report),
                }
            }
        }
    }

    // 3. Cycles in broader are errors; break each at its closing edge so the rest terminates.
    break_cycles(&mut broader, &items.nodes, graph, report);

    // 4. Dimensions and their families.
    let explicit = !config.dimensions.is_empty();
    let dimension_configs =
        if explicit { config.dimensions.clone() } else { default_dimensions(graph, &items, &broader) };
    let mut dimensions: Vec<FoundDimension> = Vec::new();
    let mut family_of: HashMap<usize, u16> = HashMap::new();
    for dim in dimension_configs {
        let (iri, families) = match &dim.source {
            FamilySource::Collection(iri) => {
                let node = graph
                    .get(iri)
                    .filter(|n| n.is_collection())
                    .ok_or_else(|| fail(format!("dimension {:?}: the thesaurus has no collection <{iri}>", dim.id)))?;
                let member_collections: Vec<&Node> =
                    node.members.iter().filter_map(|m| graph.get(m)).filter(|m| m.is_collection()).collect();
                let mut families = Vec::new();
                if member_collections.is_empty() {
                    for member in &node.members {
                        match items.concept(member) {
                            Some(j) => families.push(j),
                            None => dangling(node, member, "member", report),
                        }
                    }
                } else {
                    // Collections of collections: the member collections are the families, and
                    // whatever lies below them is filed under them (step 5).
                    for c in member_collections {
                        families.push(items.push_collection(c));
                    }
                }
                if families.is_empty() && explicit {
                    let why = if node.members.is_empty() {
                        "it has no skos:member".to_string()
                    } else {
                        format!(
                            "none of its {} member(s) is a concept or a collection of this thesaurus (first: <{}>)",
                            node.members.len(),
                            node.members[0]
                        )
                    };
                    return Err(fail(format!("dimension {:?}: <{iri}> has no families: {why}", dim.id)));
                }
                (iri.clone(), families)
            }
            FamilySource::Concept(iri) => {
                let node = graph
                    .get(iri)
                    .ok_or_else(|| fail(format!("dimension {:?}: the thesaurus has no concept <{iri}>", dim.id)))?;
                let mut families: Vec<usize> = Vec::new();
                if let Some(root) = items.concept(iri) {
                    families.extend((0..concept_count).filter(|&j| broader[j].contains(&root)));
                }
                // Families may point up to the root with broader, or the root down with narrower,
                // even when the root itself is not kept as a concept.
                for j in 0..concept_count {
                    let n = items.nodes[j];
                    if (n.broader.contains(iri) || node.narrower.contains(&n.iri)) && !families.contains(&j) {
                        families.push(j);
                    }
                }
                families.sort_by(|&a, &b| natural_key(items.nodes[a]).cmp(&natural_key(items.nodes[b])));
                if families.is_empty() && explicit {
                    return Err(fail(format!("dimension {:?}: <{iri}> has no narrower concepts to be its families", dim.id)));
                }
                (iri.clone(), families)
            }
        };
        if families.is_empty() {
            continue; // a chosen-by-default top concept or collection with nothing under it is no dimension
        }
        let d = dimensions.len() as u16;
        let families: Vec<usize> = families.into_iter().filter(|f| family_of.insert(*f, d).is_none()).collect();
        let labels = labels_of(graph.get(&iri).map(|n| n.pref_labels.as_slice()).unwrap_or(&[]), default_lang);
        if families.len() == 1 {
            let node = graph.get(&iri).expect("a dimension's node is in the graph");
            report.push(
                Problem::new(
                    Rule::SingleFamilyDimension,
                    at(node),
                    format!("dimension {:?} has a single family, so it divides nothing", dim.id),
                )
                .record(format!("<{iri}>"))
                .expected("a dimension with two families or more; in commons.toml, [[dimensions]] can name the collection or concept whose members are the families"),
            );
        }
        dimensions.push(FoundDimension { config: dim, iri, labels, families });
    }
    let root_iris: HashSet<&str> = dimensions.iter().map(|d| d.iri.as_str()).collect();
    let item_count = items.nodes.len();

    // 5. Direct filings: a concept under a family concept, or a member of a family collection or
    // of any collection below it.
    let mut filed: Vec<Vec<usize>> = vec![Vec::new(); concept_count];
    for (&f, _) in &family_of {
        if items.is_collection(f) {
            for c in concepts_below(graph, items.nodes[f], &items) {
                if !filed[c].contains(&f) {
                    filed[c].push(f);
                }
            }
        } else {
            for (c, parents) in broader.iter().enumerate() {
                if parents.contains(&f) && !filed[c].contains(&f) {
                    filed[c].push(f);
                }
            }
        }
    }

    // 6. The families each concept is under, in an order where broader concepts come first. A
    // filing into a family collection becomes a broader link to it, unless the concept is under
    // that family already through a broader concept (which keeps the hierarchy's levels).
    let order = topological(&broader);
    let mut under: Vec<Vec<usize>> = vec![Vec::new(); item_count];
    let mut item_broader: Vec<BTreeSet<usize>> = broader.clone();
    item_broader.resize(item_count, BTreeSet::new());
    for &f in family_of.keys() {
        under[f] = vec![f];
    }
    for &c in &order {
        let mut set: BTreeSet<usize> = broader[c].iter().flat_map(|&b| under[b].iter().copied()).collect();
        for &f in &filed[c] {
            if items.is_collection(f) && !set.contains(&f) {
                item_broader[c].insert(f);
            }
            set.insert(f);
        }
        if family_of.contains_key(&c) {
            set.insert(c);
        }
        under[c] = set.into_iter().collect();
    }

    // 7. Levels: distance below the nearest family, breadth first.
    let mut item_narrower: Vec<Vec<usize>> = vec![Vec::new(); item_count];
    for (i, parents) in item_broader.iter().enumerate() {
        for &p in parents {
            item_narrower[p].push(i);
        }
    }
    let mut level: Vec<Option<u8>> = vec![None; item_count];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for d in &dimensions {
        for &f in &d.families {
            level[f] = Some(0);
            queue.push_back(f);
        }
    }
    while let Some(c) = queue.pop_front() {
        let next = level[c].unwrap_or(0).saturating_add(1);
        for &n in &item_narrower[c] {
            if level[n].is_none() {
                level[n] = Some(next);
                queue.push_back(n);
            }
        }
    }

    // 8. Keep families then reachable descriptors, in file order; report the unreachable.
    let mut keep: Vec<usize> = dimensions.iter().flat_map(|d| d.families.iter().copied()).collect();
    for i in 0..concept_count {
        let node = items.nodes[i];
        if family_of.contains_key(&i) || root_iris.contains(node.iri.as_str()) {
            continue;
        }
        if level[i].is_some() {
            keep.push(i);
        } else {
            report.push(
                Problem::new(
                    Rule::UnreachableConcept,
                    at(node),
                    "no dimension reaches this concept through skos:broader/narrower or skos:member; it is left out of the atlas",
                )
                .record(format!("<{}>", node.iri))
                .expected("a broader chain up to a family of a dimension, or membership of a family's collection"),
            );
        }
    }
    if keep.len() == dimensions.iter().map(|d| d.families.len()).sum::<usize>() {
        let collections = graph.nodes.iter().filter(|n| n.is_collection()).count();
        let dims: Vec<String> = dimensions.iter().map(|d| format!("{} ({} families)", d.config.id, d.families.len())).collect();
        return Err(fail(format!(
            "the atlas has no descriptor: of the thesaurus' {concept_count} concepts and {collections} collections, none is under a family of the dimensions {}; see docs/COMMONS_TOML.md for how dimensions and families are found",
            if dims.is_empty() { "(none found)".to_string() } else { dims.join(", ") }
        )));
    }
    let id_of: HashMap<usize, ConceptId> =
        keep.iter().enumerate().map(|(new, &old)| (old, ConceptId(new as u32))).collect();
    let map = |set: &mut dyn Iterator<Item = usize>| -> Vec<ConceptId> {
        let mut v: Vec<ConceptId> = set.filter_map(|i| id_of.get(&i).copied()).collect();
        v.sort();
        v.dedup();
        v
    };

    check_notations(&keep, &items, graph, report);
    let mut concepts: Vec<Concept> = Vec::with_capacity(keep.len());
    for &old in &keep {
        let node = items.nodes[old];
        let role = match family_of.get(&old) {
            Some(&dimension) => Role::Family { dimension },
            None => Role::Descriptor { level: level[old].unwrap_or(1) },
        };
        let labels = labels_of(&node.pref_labels, default_lang);
        let missing: Vec<&str> =
            config.languages.iter().filter(|l| labels.get(l).is_none()).map(|l| l.as_str()).collect();
        if !missing.is_empty() {
            report.push(
                Problem::new(
                    Rule::MissingLabel,
                    at(node),
                    format!("no skos:prefLabel in {}; visitors in that language see another language's label", missing.join(", ")),
                )
                .record(format!("<{}>", node.iri)),
            );
        }
        concepts.push(Concept {
            iri: node.iri.clone(),
            notation: node.notations.first().cloned(),
            role,
            labels,
            alt_labels: texts(&node.alt_labels, default_lang),
            hidden_labels: texts(&node.hidden_labels, default_lang),
            notes: notes(node, default_lang),
            broader: map(&mut item_broader[old].iter().copied()),
            narrower: Vec::new(),
            related: if old < concept_count { map(&mut related[old].iter().copied()) } else { Vec::new() },
            families: map(&mut under[old].iter().copied()),
            cells: Vec::new(),
        });
    }
    for i in 0..concepts.len() {
        for b in concepts[i].broader.clone() {
            concepts[b.index()].narrower.push(ConceptId(i as u32));
        }
    }

    // 9. Matrix cells, following every path (see the module's rules).
    let dimensions: Vec<Dimension> = dimensions
        .iter()
        .map(|d| Dimension {
            id: d.config.id.clone(),
            iri: d.iri.clone(),
            labels: d.labels.clone(),
            families: d
                .families
                .iter()
                .map(|f| {
                    let node = items.nodes[*f];
                    let style = node
                        .notations
                        .iter()
                        .find_map(|n| d.config.families.get(n))
                        .or_else(|| d.config.families.get(&node.iri))
                        .cloned()
                        .unwrap_or_default();
                    Family { concept: id_of[f], colour: style.colour, icon: style.icon }
                })
                .collect(),
        })
        .collect();
    let matrix = choose_matrix(config, &dimensions);
    if let Some(m) = matrix {
        let dimension_of: Vec<Option<u16>> = concepts
            .iter()
            .map(|c| match c.role {
                Role::Family { dimension } => Some(dimension),
                Role::Descriptor { .. } => None,
            })
            .collect();
        let dimension_of = |c: ConceptId| dimension_of[c.index()];
        for c in topological_order(&concepts) {
            let concept = &concepts[c.index()];
            let mut cells: BTreeSet<Cell> =
                concept.broader.iter().flat_map(|b| concepts[b.index()].cells.iter().copied()).collect();
            let old = keep[c.index()];
            let own: Vec<ConceptId> =
                if old < concept_count { map(&mut filed[old].iter().copied()) } else { Vec::new() };
            for &f in &own {
                for &other in &concept.families {
                    match (dimension_of(f), dimension_of(other)) {
                        (Some(a), Some(b)) if a == m.rows && b == m.columns => {
                            cells.insert(Cell { row: f, column: other });
                        }
                        (Some(a), Some(b)) if a == m.columns && b == m.rows => {
                            cells.insert(Cell { row: other, column: f });
                        }
                        _ => {}
                    }
                }
            }
            concepts[c.index()].cells = cells.into_iter().collect();
        }
        check_matrix(&concepts, &dimensions, m, graph, report);
    }
    report_empty_collections(graph, &items, report);

    let scheme_labels = config
        .scheme
        .as_deref()
        .and_then(|s| graph.get(s))
        .or_else(|| graph.nodes.iter().find(|n| n.has_type("ConceptScheme")))
        .map(|n| labels_of(&n.pref_labels, default_lang))
        .unwrap_or_default();
    let atlas = Thesaurus::new(scheme_labels, concepts, dimensions, matrix);
    let imported = Imported::count(graph, &items.nodes[..concept_count], default_lang, &atlas);
    Ok((atlas, imported))
}

fn is_dimension_root(config: &Config, iri: &str) -> bool {
    config.dimensions.iter().any(|d| matches!(&d.source, FamilySource::Concept(c) if c == iri))
}

/// The concepts that are members of `collection` or of any collection below it, each once.
fn concepts_below(graph: &Graph, collection: &Node, items: &Items) -> Vec<usize> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut stack: Vec<&Node> = vec![collection];
    let mut found = Vec::new();
    seen.insert(&collection.iri);
    while let Some(c) = stack.pop() {
        for member in &c.members {
            if !seen.insert(member) {
                continue; // a collection listed twice, or collections that contain each other
            }
            if let Some(i) = items.concept(member) {
                found.push(i);
            } else if let Some(sub) = graph.get(member).filter(|n| n.is_collection()) {
                stack.push(sub);
            }
        }
    }
    found.sort_unstable();
    found
}

/// A notation names one concept; two concepts with the same notation make feeds ambiguous (an
/// error), while a family collection that shares a descriptor's notation (microthesaurus `1006`
/// and concept `1006`) only needs saying: the notation names the descriptor, the family keeps its
/// IRI.
fn check_notations(keep: &[usize], items: &Items, graph: &Graph, report: &mut Report) {
    let mut by_notation: HashMap<&str, Vec<usize>> = HashMap::new();
    for &i in keep {
        for n in items.nodes[i].notations.iter().take(1) {
            by_notation.entry(n).or_default().push(i);
        }
    }
    for &i in keep {
        let node = items.nodes[i];
        let Some(n) = node.notations.first() else { continue };
        let others = &by_notation[n.as_str()];
        let Some(first) = others.iter().position(|&o| o == i) else { continue };
        for &other in &others[..first] {
            let other_node = items.nodes[other];
            let same_kind = items.is_collection(i) == items.is_collection(other);
            let (rule, message, expected) = if same_kind {
                (
                    Rule::DuplicateNotation,
                    format!("notation {n:?} is also the notation of <{}> ({}); feeds that name it are ambiguous", other_node.iri, graph.location(other_node)),
                    "each notation on one concept only",
                )
            } else {
                (
                    Rule::SharedNotation,
                    format!(
                        "notation {n:?} is shared by a concept and a collection (<{}>, {}); feeds that write {n:?} mean the concept, the collection is named by its IRI",
                        other_node.iri,
                        graph.location(other_node)
                    ),
                    "different notations for a collection and a concept, if feeds should name the collection by notation",
                )
            };
            report.push(Problem::new(rule, graph.location(node), message).record(format!("<{}>", node.iri)).expected(expected));
        }
    }
}

/// A matrix is for seeing where descriptors sit; one that is mostly empty says the two
/// dimensions do not cross (or that the thesaurus files its concepts in only one of them).
fn check_matrix(concepts: &[Concept], dimensions: &[Dimension], m: Matrix, graph: &Graph, report: &mut Report) {
    let rows = &dimensions[m.rows as usize];
    let columns = &dimensions[m.columns as usize];
    let total = rows.families.len() * columns.families.len();
    let filled: HashSet<Cell> = concepts.iter().flat_map(|c| c.cells.iter().copied()).collect();
    if total == 0 || filled.len() * 2 > total {
        return;
    }
    let node = graph.get(&rows.iri);
    let location = node.map(|n| graph.location(n)).unwrap_or_default();
    let message = if filled.is_empty() {
        format!(
            "the matrix {} × {} is empty: no descriptor is under a family of both dimensions, so every cell shows 0",
            rows.id, columns.id
        )
    } else {
        format!(
            "the matrix {} × {} is mostly empty: {} of its {total} cells hold a descriptor",
            rows.id,
            columns.id,
            filled.len()
        )
    };
    report.push(Problem::new(Rule::SparseMatrix, location, message).expected(
        "two dimensions that descriptors are filed under together; choose them with [matrix] rows and columns in commons.toml",
    ));
}

/// A collection with no concept anywhere below it is most likely a mistake in the thesaurus (or
/// its members are in a file that `[thesaurus] path` does not list).
fn report_empty_collections(graph: &Graph, items: &Items, report: &mut Report) {
    for node in graph.nodes.iter().filter(|n| n.is_collection()) {
        if concepts_below(graph, node, items).is_empty() {
            report.push(
                Problem::new(Rule::EmptyCollection, graph.location(node), "this collection has no concept below it")
                    .record(format!("<{}>", node.iri))
                    .expected("skos:member links to concepts (or to collections that have some); check that every file of the thesaurus is listed in [thesaurus] path"),
            );
        }
    }
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

/// When `commons.toml` has no `[[dimensions]]`: the top-level collections (members of no other
/// collection), else the top concepts. Whether a top collection's families are its member
/// collections or its member concepts is decided for each, in step 4.
fn default_dimensions(graph: &Graph, items: &Items, broader: &[BTreeSet<usize>]) -> Vec<DimensionConfig> {
    let nested: HashSet<&str> = graph
        .nodes
        .iter()
        .filter(|n| n.is_collection())
        .flat_map(|n| n.members.iter().map(String::as_str))
        .collect();
    let collections: Vec<&Node> =
        graph.nodes.iter().filter(|n| n.is_collection() && !nested.contains(n.iri.as_str())).collect();
    let make = |node: &Node, source: FamilySource| DimensionConfig { id: short_id(node), source, families: BTreeMap::new() };
    if !collections.is_empty() {
        return collections.into_iter().map(|n| make(n, FamilySource::Collection(n.iri.clone()))).collect();
    }
    (0..items.concepts)
        .filter(|&i| !items.nodes[i].top_concept_of.is_empty() || broader[i].is_empty())
        .map(|i| make(items.nodes[i], FamilySource::Concept(items.nodes[i].iri.clone())))
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

/// Concept numbers ordered so that every concept comes after all its broader ones (the graph has
/// no cycle left when this is called).
fn topological(broader: &[BTreeSet<usize>]) -> Vec<usize> {
    let mut narrower: Vec<Vec<usize>> = vec![Vec::new(); broader.len()];
    for (i, parents) in broader.iter().enumerate() {
        for &p in parents {
            narrower[p].push(i);
        }
    }
    let mut waiting: Vec<usize> = broader.iter().map(BTreeSet::len).collect();
    let mut queue: VecDeque<usize> = (0..broader.len()).filter(|&i| waiting[i] == 0).collect();
    let mut order = Vec::with_capacity(broader.len());
    while let Some(c) = queue.pop_front() {
        order.push(c);
        for &n in &narrower[c] {
            waiting[n] -= 1;
            if waiting[n] == 0 {
                queue.push_back(n);
            }
        }
    }
    order
}

/// The atlas' concepts ordered so that every concept comes after all its broader ones.
fn topological_order(concepts: &[Concept]) -> Vec<ConceptId> {
    let broader: Vec<BTreeSet<usize>> =
        concepts.iter().map(|c| c.broader.iter().map(|b| b.index()).collect()).collect();
    topological(&broader).into_iter().map(|i| ConceptId(i as u32)).collect()
}

/// Finds broader cycles by depth-first search, reports each once and removes its closing edge.
fn break_cycles(broader: &mut [BTreeSet<usize>], nodes: &[&Node], graph: &Graph, report: &mut Report) {
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
                            graph.location(nodes[node]),
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
    let mut out: Vec<(Lang, String)> =
        texts.iter().filter_map(|t| Some((lang_or_default(t, default)?, t.value.trim().to_string()))).collect();
    out.sort();
    out.dedup();
    out
}

/// Every note, in the order read; the same note stated twice (in two files) is one note.
fn notes(node: &Node, default: &Lang) -> Vec<Note> {
    let mut out: Vec<Note> = Vec::with_capacity(node.notes.len());
    for (kind, text) in &node.notes {
        let Some(lang) = lang_or_default(text, default) else { continue };
        let note = Note { kind: *kind, lang, text: text.value.trim().to_string() };
        if !note.text.is_empty() && !out.contains(&note) {
            out.push(note);
        }
    }
    out
}
