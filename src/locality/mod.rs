//! The locality tree (địa bàn): province → district → commune, built from
//! the localities entries are written with.
//!
//! Two spellings of one unit are one node: names are matched on
//! [`text::locality_key`] (case, Unicode form, tone-mark placement and
//! unit-type words ignored), level by level under the same parent. This
//! module owns node identity, display names, slugs and URLs; which entries
//! sit under a node is `site`'s business.
//!
//! A locality that resolves in the built-in [`registry`] becomes the node of
//! its official unit (code + structure), so every spelling of a unit is one
//! node and its page can say what the unit became in 2025 or came from.
//! Provinces are matched by name across structures, so "Hà Nội" before and
//! after the reform is one page. Names the registry does not know (allowed
//! by `content/localities.yaml` or `unknown_localities: warn`) are grouped
//! by their written names.

pub mod registry;

use std::collections::{BTreeMap, HashMap};

use crate::text;

pub type NodeId = usize;

#[derive(Debug, Clone)]
pub struct Node {
    pub id: NodeId,
    pub parent: Option<NodeId>,
    /// 1 = province, 2 = district (or commune after 2025), 3 = commune.
    pub depth: usize,
    /// Matching key of this level's name.
    pub key: String,
    /// Name without the unit type ("Bình Tân"), or with it for numbered units ("Quận 1").
    pub name: String,
    /// Name with the unit type when an entry wrote one ("Quận Bình Tân").
    pub full_name: String,
    pub slug: String,
    /// Path under the site root: `dia-ban/ho-chi-minh/binh-tan/`.
    pub path: String,
    /// Children sorted in Vietnamese order.
    pub children: Vec<NodeId>,
    /// The registry units this node stands for: one for a district or a
    /// commune, one per structure for a province; empty for a name the
    /// registry does not know.
    pub units: Vec<registry::UnitId>,
    /// Unit type ("Phường", "Quận"…), when known.
    pub kind: String,
}

/// The tree of every locality in the content.
#[derive(Debug, Default, Clone)]
pub struct LocalityTree {
    pub nodes: Vec<Node>,
    /// Provinces, sorted in Vietnamese order.
    pub roots: Vec<NodeId>,
    /// The node of each registry unit in the tree.
    pub by_unit: HashMap<registry::UnitId, NodeId>,
}

/// How often each spelling of a node was written.
#[derive(Default)]
struct Spellings {
    /// Written form → count.
    written: BTreeMap<String, usize>,
}

/// Collects localities, then [`Builder::finish`]es into a tree.
#[derive(Default)]
pub struct Builder {
    index: HashMap<(Option<NodeId>, String), NodeId>,
    keys: Vec<(Option<NodeId>, String, usize)>,
    spellings: Vec<Spellings>,
    units: Vec<Vec<registry::UnitId>>,
    /// The node of each unit already added: most models share their
    /// commune with others, and the walk up the registry is not free.
    unit_nodes: HashMap<registry::UnitId, NodeId>,
}

/// The registry's provinces (in every structure) whose matching key is `key`.
fn provinces_named(key: &str) -> Vec<registry::UnitId> {
    registry::registry()
        .units()
        .filter(|(_, u)| u.level == 1 && text::locality_key(u.name) == key)
        .map(|(id, _)| id)
        .collect()
}

/// How many of the registry's units under `parents` (a node's units: one
/// per structure for a province) have each slug, by name and by typed name.
fn registry_sibling_slugs(parents: &[registry::UnitId]) -> HashMap<String, usize> {
    let reg = registry::registry();
    let mut out: HashMap<String, usize> = HashMap::new();
    for &p in parents {
        for &c in reg.children(p) {
            let u = reg.unit(c);
            let bare = text::slugify(&u.display_name());
            let typed = text::slugify(&u.typed_name());
            if typed != bare {
                *out.entry(typed).or_insert(0) += 1;
            }
            *out.entry(bare).or_insert(0) += 1;
        }
    }
    out
}

/// The written name with its leading unit-type words removed, keeping the
/// writer's case and accents ("quận Bình Tân" → "Bình Tân").
pub fn strip_type(written: &str) -> String {
    let all = text::match_key(written).split_whitespace().count();
    let kept = text::locality_key(written).split_whitespace().count();
    let drop = all.saturating_sub(kept);
    written
        .split_whitespace()
        .skip(drop)
        .collect::<Vec<_>>()
        .join(" ")
}

fn has_type(written: &str) -> bool {
    text::match_key(written) != text::locality_key(written)
}

/// First letter upper case ("quận Bình Tân" → "Quận Bình Tân").
fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl Builder {
    pub fn new() -> Self {
        Self::default()
    }

    fn node(
        &mut self,
        parent: Option<NodeId>,
        index_key: String,
        key: String,
        depth: usize,
    ) -> NodeId {
        let next = self.keys.len();
        let id = *self.index.entry((parent, index_key)).or_insert(next);
        if id == next {
            self.keys.push((parent, key, depth));
            self.spellings.push(Spellings::default());
            self.units.push(Vec::new());
        }
        id
    }

    /// Adds a unit of the registry (and its ancestors); returns its node.
    pub fn add_unit(&mut self, unit: registry::UnitId) -> NodeId {
        if let Some(&node) = self.unit_nodes.get(&unit) {
            return node;
        }
        let reg = registry::registry();
        let mut parent = None;
        for (depth, id) in reg.lineage(unit).into_iter().enumerate() {
            let u = reg.unit(id);
            let key = text::locality_key(u.name);
            let index_key = if depth == 0 {
                format!("p:{key}")
            } else {
                format!("u:{}", id.0)
            };
            let node = self.node(parent, index_key, key, depth + 1);
            if !self.units[node].contains(&id) {
                self.units[node].push(id);
            }
            parent = Some(node);
        }
        let node = parent.unwrap_or(0);
        self.unit_nodes.insert(unit, node);
        node
    }

    /// Adds a top-down path of names the registry does not know; returns the
    /// deepest node. Its province joins the registry's province of that name.
    pub fn add(&mut self, path: &[String]) -> Option<NodeId> {
        let mut parent = None;
        for (depth, written) in path.iter().enumerate() {
            let key = text::locality_key(written);
            let index_key = if depth == 0 {
                format!("p:{key}")
            } else {
                format!("n:{key}")
            };
            let id = self.node(parent, index_key, key, depth + 1);
            *self.spellings[id]
                .written
                .entry(text::nfc(written.trim()))
                .or_insert(0) += 1;
            parent = Some(id);
        }
        parent
    }

    pub fn finish(self) -> LocalityTree {
        let mut nodes: Vec<Node> = Vec::with_capacity(self.keys.len());
        let reg = registry::registry();
        for (id, (((parent, key, depth), sp), units)) in self
            .keys
            .into_iter()
            .zip(self.spellings)
            .zip(self.units)
            .enumerate()
        {
            if let Some(&first) = units.last() {
                // The newest structure's unit names the node (a province
                // written before and after 2025 has both).
                let u = reg.unit(first);
                let name = u.display_name();
                let slug = match text::slugify(&name) {
                    s if s.is_empty() => format!("dia-ban-{id}"),
                    s => s,
                };
                nodes.push(Node {
                    id,
                    parent,
                    depth,
                    key,
                    name,
                    full_name: u.typed_name(),
                    slug,
                    path: String::new(),
                    children: Vec::new(),
                    units,
                    kind: u.kind.to_string(),
                });
                continue;
            }
            // The most written spelling wins; ties go to the first in byte order.
            let pick = |forms: &mut dyn Iterator<Item = (&String, &usize)>| -> Option<String> {
                let mut best: Option<(&String, usize)> = None;
                for (f, &n) in forms {
                    if best.is_none_or(|(_, bn)| n > bn) {
                        best = Some((f, n));
                    }
                }
                best.map(|(f, _)| f.clone())
            };
            let stripped: BTreeMap<String, usize> =
                sp.written.iter().fold(BTreeMap::new(), |mut m, (w, n)| {
                    *m.entry(strip_type(w)).or_insert(0) += n;
                    m
                });
            let mut name = pick(&mut stripped.iter()).unwrap_or_default();
            let typed =
                pick(&mut sp.written.iter().filter(|(w, _)| has_type(w))).map(|w| capitalize(&w));
            let numbered = !key.is_empty() && key.chars().all(|c| c.is_ascii_digit());
            if numbered && let Some(t) = &typed {
                name = t.clone();
            }
            let full_name = typed.unwrap_or_else(|| name.clone());
            let slug = match text::slugify(if numbered { &full_name } else { &name }) {
                s if s.is_empty() => format!("dia-ban-{id}"),
                s => s,
            };
            nodes.push(Node {
                id,
                parent,
                depth,
                key,
                name,
                full_name,
                slug,
                path: String::new(),
                children: Vec::new(),
                units: Vec::new(),
                kind: String::new(),
            });
        }
        let mut roots = Vec::new();
        for id in 0..nodes.len() {
            match nodes[id].parent {
                Some(p) => nodes[p].children.push(id),
                None => roots.push(id),
            }
        }
        let coll = text::collator();
        let order = |nodes: &Vec<Node>, ids: &mut Vec<NodeId>| {
            ids.sort_by(|&a, &b| {
                coll.compare(&nodes[a].name, &nodes[b].name)
                    .then_with(|| nodes[a].key.cmp(&nodes[b].key))
            });
        };
        order(&nodes, &mut roots);
        for id in 0..nodes.len() {
            let mut children = std::mem::take(&mut nodes[id].children);
            order(&nodes, &mut children);
            nodes[id].children = children;
        }
        // Siblings with one slug are told apart in `assign_paths`.
        let by_unit = nodes
            .iter()
            .flat_map(|n| n.units.iter().map(move |&u| (u, n.id)))
            .collect();
        let mut tree = LocalityTree {
            nodes,
            roots,
            by_unit,
        };
        let roots = tree.roots.clone();
        tree.assign_paths(&roots, "dia-ban/");
        tree
    }
}

impl LocalityTree {
    fn assign_paths(&mut self, ids: &[NodeId], prefix: &str) {
        // A unit of the registry takes a slug that depends on the registry
        // alone, so a model's URL (which goes through its unit's path) stays
        // the same whatever other units the content names: siblings of one
        // slug in the registry (an old Quận Bình Tân and a new Phường Bình
        // Tân under one province; Sơn Hà and Sơn Hạ) take their unit type
        // into the slug, then their official code if that is not enough.
        let parent = ids.first().and_then(|&id| self.nodes[id].parent);
        let registry_slugs = parent.map(|p| {
            let node = &self.nodes[p];
            if node.depth == 1 && !node.units.is_empty() {
                // A province stands for its units in every structure, not
                // only those the content writes.
                registry_sibling_slugs(&provinces_named(&node.key))
            } else {
                registry_sibling_slugs(&node.units)
            }
        });
        let mut used: BTreeMap<String, usize> = BTreeMap::new();
        for &id in ids {
            let Some(slugs) = &registry_slugs else { break };
            let Some(&unit) = self.nodes[id].units.last() else {
                continue;
            };
            let base = self.nodes[id].slug.clone();
            if slugs.get(&base).copied().unwrap_or(0) > 1 {
                let u = registry::registry().unit(unit);
                let typed = text::slugify(&u.typed_name());
                self.nodes[id].slug = if slugs.get(&typed).copied().unwrap_or(0) > 1 {
                    format!("{typed}-{}", u.code)
                } else {
                    typed
                };
            }
            used.insert(self.nodes[id].slug.clone(), 1);
        }
        // The other nodes (provinces, names the registry does not know)
        // are told apart among the content's: siblings with one slug take
        // their unit type, then a number in the sorted order.
        let others: Vec<NodeId> = ids
            .iter()
            .copied()
            .filter(|&id| registry_slugs.is_none() || self.nodes[id].units.is_empty())
            .collect();
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for &id in &others {
            *count.entry(self.nodes[id].slug.as_str()).or_insert(0) += 1;
        }
        let clashing: Vec<NodeId> = others
            .iter()
            .copied()
            .filter(|&id| count[self.nodes[id].slug.as_str()] > 1)
            .collect();
        for id in clashing {
            let typed = text::slugify(&self.nodes[id].full_name);
            if !typed.is_empty() && typed != self.nodes[id].slug {
                self.nodes[id].slug = typed;
            }
        }
        for &id in &others {
            let base = self.nodes[id].slug.clone();
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                self.nodes[id].slug = format!("{base}-{n}");
            }
        }
        for &id in ids {
            self.nodes[id].path = format!("{prefix}{}/", self.nodes[id].slug);
            let children = self.nodes[id].children.clone();
            let path = self.nodes[id].path.clone();
            self.assign_paths(&children, &path);
        }
    }

    /// The node and its ancestors, from the province down.
    pub fn lineage(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = vec![id];
        let mut cur = id;
        while let Some(p) = self.nodes[cur].parent {
            out.push(p);
            cur = p;
        }
        out.reverse();
        out
    }

    /// The official full name of a node's unit ("Phường Trường Sơn, Thành
    /// phố Sầm Sơn, Tỉnh Thanh Hóa"), or the written names bottom-up.
    pub fn canonical_name(&self, id: NodeId) -> String {
        match self.nodes[id].units.last() {
            Some(&u) => registry::registry().full_name(u),
            None => self.display_path(id),
        }
    }

    /// "Phường An Lạc, Quận Bình Tân, Hồ Chí Minh": bottom-up full names.
    pub fn display_path(&self, id: NodeId) -> String {
        let names: Vec<&str> = self
            .lineage(id)
            .iter()
            .rev()
            .map(|&n| self.nodes[n].full_name.as_str())
            .collect();
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Vec<String> {
        s.split('/').map(|x| x.trim().to_string()).collect()
    }

    #[test]
    fn spellings_of_one_unit_are_one_node() {
        let mut b = Builder::new();
        let a = b.add(&p("Hồ Chí Minh / Bình Tân"));
        let c = b.add(&p("TP. Hồ Chí Minh / Quận Bình Tân"));
        let d = b.add(&p("Thành phố Hồ Chí Minh / quận Bình Tân / phường An Lạc"));
        let tree = b.finish();
        assert_eq!(a, c);
        assert_eq!(tree.roots.len(), 1);
        let district = &tree.nodes[a.expect("node")];
        assert_eq!(district.name, "Bình Tân");
        assert_eq!(district.full_name, "Quận Bình Tân");
        assert_eq!(district.path, "dia-ban/ho-chi-minh/binh-tan/");
        assert_eq!(tree.nodes[d.expect("node")].parent, a);
    }

    #[test]
    fn tone_placement_does_not_split() {
        let mut b = Builder::new();
        let a = b.add(&p("Hòa Bình / Kỳ Sơn"));
        let c = b.add(&p("Hoà Bình / Huyện Kỳ Sơn"));
        let e = b.add(&p("Tỉnh Hòa Bình"));
        let tree = b.finish();
        assert_eq!(a, c);
        assert_eq!(tree.roots.len(), 1);
        assert_eq!(tree.nodes[e.expect("node")].name, "Hòa Bình");
    }

    #[test]
    fn numbered_units_keep_their_type() {
        let mut b = Builder::new();
        let a = b.add(&p("Hồ Chí Minh / Quận 1"));
        let c = b.add(&p("Hồ Chí Minh / Quận 10"));
        let tree = b.finish();
        assert_eq!(tree.nodes[a.expect("node")].name, "Quận 1");
        assert_eq!(tree.nodes[a.expect("node")].slug, "quan-1");
        let root = tree.roots[0];
        assert_eq!(
            tree.nodes[root].children,
            vec![a.expect("1"), c.expect("10")]
        );
    }

    #[test]
    fn colliding_slugs_are_told_apart() {
        let mut b = Builder::new();
        let a = b.add(&p("Quảng Ngãi / Sơn Hà"));
        let c = b.add(&p("Quảng Ngãi / Sơn Hạ"));
        let tree = b.finish();
        assert_ne!(a, c);
        let slugs: Vec<&str> = tree.nodes[tree.roots[0]]
            .children
            .iter()
            .map(|&n| tree.nodes[n].slug.as_str())
            .collect();
        assert_eq!(slugs, vec!["son-ha", "son-ha-2"]);
    }
}
