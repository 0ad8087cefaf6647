//! One model added to an indexed site, or taken out of it, without
//! indexing the site again: `kheo serve` after a model file appears or
//! goes, and `kheo build` putting the site back as its last build saw it
//! ([`crate::render::edit`]). The tree is left as it is: the callers take
//! this way only when the model's node keeps other models, and check the
//! site's set of pages ([`crate::render::Renderer::shape`]).

use std::cmp::Ordering::Less;

use super::order::model_order;
use super::{Site, model_url};
use crate::content::Model;
use crate::locality::NodeId;

impl Site {
    /// Puts `model`, placed in `node` (a node of the tree), where the
    /// listing order puts it and into the lists of its node and their
    /// parents, its field and its year; returns its index. Its URL is made
    /// here. No award names it: the awards' references stay as they are.
    pub fn insert_model(&mut self, mut model: Model, node: NodeId) -> usize {
        model.url = model_url(&self.tree, &model, node);
        let at = self
            .models
            .partition_point(|m| model_order(m, &model) == Less);
        self.shift(|x| if x >= at { x + 1 } else { x });
        let (placed, field, year) = (!model.locality.is_empty(), model.field, model.year);
        self.model_by_url.insert(model.url.clone(), at);
        self.models.insert(at, model);
        self.model_node.insert(at, node);
        self.model_awards.insert(at, Vec::new());
        let into = |list: &mut Vec<usize>| {
            let pos = list.partition_point(|&x| x < at);
            list.insert(pos, at);
        };
        if placed {
            for n in self.tree.lineage(node) {
                into(&mut self.node_models[n]);
            }
        }
        into(&mut self.field_models[field]);
        into(self.year_models.entry(year).or_default());
        at
    }

    /// Takes model `i` out of the site and of every list; returns it. No
    /// award may name it (the caller checks [`Site::model_awards`]).
    pub fn remove_model(&mut self, i: usize) -> Model {
        let node = self.model_node.remove(i);
        self.model_awards.remove(i);
        let model = self.models.remove(i);
        self.model_by_url.remove(&model.url);
        let out = |list: &mut Vec<usize>| list.retain(|&x| x != i);
        if !model.locality.is_empty() {
            for n in self.tree.lineage(node) {
                out(&mut self.node_models[n]);
            }
        }
        out(&mut self.field_models[model.field]);
        if let Some(list) = self.year_models.get_mut(&model.year) {
            out(list);
            if list.is_empty() {
                self.year_models.remove(&model.year);
            }
        }
        self.shift(|x| if x > i { x - 1 } else { x });
        model
    }

    /// Renumbers the models in every index by `to` (old index → new).
    fn shift(&mut self, to: impl Fn(usize) -> usize) {
        let remap = |list: &mut Vec<usize>| list.iter_mut().for_each(|x| *x = to(*x));
        self.node_models.iter_mut().for_each(remap);
        self.field_models.iter_mut().for_each(remap);
        self.year_models.values_mut().for_each(remap);
        self.award_models.iter_mut().for_each(remap);
        self.ref_model.values_mut().for_each(|x| *x = to(*x));
        self.model_by_url.values_mut().for_each(|x| *x = to(*x));
    }

    /// Whether another model is in model `m`'s node and writes its
    /// locality as `m` does: then the tree has that node, named alike,
    /// whether `m` is there or not (a node's names come from how entries
    /// write them).
    pub fn node_kept_without(&self, m: usize) -> bool {
        let (node, written) = (self.model_node[m], &self.models[m].locality);
        !written.is_empty()
            && self.node_models[node].iter().any(|&j| {
                j != m && self.model_node[j] == node && self.models[j].locality == *written
            })
    }
}
