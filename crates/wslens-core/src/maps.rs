//! Maps and sets for the keys a hostile input chooses (subprotocols, parameter names,
//! secrets, connections): ordered trees, whose cost no choice of keys can raise. The core
//! reads no randomness, not even a hash seed, so a hash table's hasher would be public, and
//! keys that collide under it can be computed: a review built 100 KB of subprotocol names that
//! all fell in one bucket of the former multiply-and-rotate hash, and took 208 ms where
//! distinct ones took 5 ms (3 s at 330 KB). A tree compares each key with about log₂ n
//! others, whatever the keys are.

use std::collections::{BTreeMap, BTreeSet};

/// An ordered map (see the module's note).
pub(crate) type Map<K, V> = BTreeMap<K, V>;

/// An ordered set (see the module's note).
pub(crate) type Set<T> = BTreeSet<T>;

/// Distinct keys in the order first seen, each with a value. A short list is searched
/// directly, which allocates no tree; past [`Firsts::LINEAR`] keys a map indexes them,
/// so a hostile list of a hundred thousand stays linear.
#[derive(Clone, Debug)]
pub(crate) struct Firsts<K, V = ()> {
    entries: Vec<(K, V)>,
    index: Option<Map<K, usize>>,
}

impl<K, V> Default for Firsts<K, V> {
    fn default() -> Self {
        Firsts { entries: Vec::new(), index: None }
    }
}

impl<K: Ord + Copy, V> Firsts<K, V> {
    const LINEAR: usize = 16;

    /// The value of `key`, made by `new` and added last when the key is new, and whether it
    /// was new.
    pub(crate) fn entry(&mut self, key: K, new: impl FnOnce() -> V) -> (&mut V, bool) {
        if let Some(at) = self.get(key) {
            return (&mut self.entries[at].1, false);
        }
        let at = self.entries.len();
        self.entries.push((key, new()));
        match &mut self.index {
            Some(index) => {
                index.insert(key, at);
            }
            None if self.entries.len() > Self::LINEAR => {
                self.index =
                    Some(self.entries.iter().enumerate().map(|(i, (k, _))| (*k, i)).collect());
            }
            None => {}
        }
        (&mut self.entries[at].1, true)
    }

    /// The position of `key`, if it was seen.
    pub(crate) fn get(&self, key: K) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(&key).copied(),
            None => self.entries.iter().position(|(k, _)| *k == key),
        }
    }

    /// The keys and their values, in the order first seen.
    pub(crate) fn entries(&self) -> &[(K, V)] {
        &self.entries
    }
}

/// Where each key first occurs in a list the caller already holds. A short list is scanned;
/// a long one is indexed once, on the first lookup, so a hostile list of a hundred thousand
/// stays linear and a short one allocates nothing.
pub(crate) struct FirstIndex<'a, T, K, F> {
    items: &'a [T],
    key: F,
    index: std::cell::OnceCell<Map<K, usize>>,
}

impl<'a, T, K: Ord, F: Fn(&'a T) -> K> FirstIndex<'a, T, K, F> {
    /// Lists this long and shorter are scanned.
    const LINEAR: usize = 16;

    pub(crate) fn new(items: &'a [T], key: F) -> Self {
        FirstIndex { items, key, index: std::cell::OnceCell::new() }
    }

    /// The position of the first item whose key is `key`.
    pub(crate) fn first(&self, key: K) -> Option<usize> {
        if self.items.len() <= Self::LINEAR {
            return self.items.iter().position(|item| (self.key)(item) == key);
        }
        let index = self.index.get_or_init(|| {
            let mut index = Map::default();
            for (at, item) in self.items.iter().enumerate() {
                index.entry((self.key)(item)).or_insert(at);
            }
            index
        });
        index.get(&key).copied()
    }

    /// The first item whose key is `key`.
    pub(crate) fn item(&self, key: K) -> Option<&'a T> {
        self.first(key).map(|at| &self.items[at])
    }
}

/// A name compared and hashed without regard to ASCII case, as HTTP compares tokens.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Caseless<'a>(pub(crate) &'a str);

impl Caseless<'_> {
    /// An extension element's name.
    pub(crate) fn of_extension(ext: &crate::report::ExtensionItem) -> Caseless<'_> {
        Caseless(&ext.name)
    }
}

impl PartialEq for Caseless<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Caseless<'_> {}

impl Ord for Caseless<'_> {
    /// Byte by byte in lower case, as [`PartialEq`] compares them.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let (a, b) = (self.0.bytes(), other.0.bytes());
        a.map(|x| x.to_ascii_lowercase()).cmp(b.map(|y| y.to_ascii_lowercase()))
    }
}

impl PartialOrd for Caseless<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
