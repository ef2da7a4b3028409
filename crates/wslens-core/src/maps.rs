//! Hash maps and sets whose hasher has fixed keys: the core reads no randomness, not even a
//! hash seed (nothing depends on their iteration order; they only make lookups linear).

use std::{
    collections::{HashMap, HashSet},
    hash::{BuildHasherDefault, Hasher},
};

/// A fixed hasher.
pub(crate) type Fixed = BuildHasherDefault<Mix>;

/// The multiply-and-rotate hash of rustc's FxHasher: no keys, and several times faster
/// than SipHash on the short strings these maps hold (hostile inputs put hundreds of
/// thousands of them in one map). The inputs come from the user, who gains nothing by
/// making their own report slow.
#[derive(Clone, Copy, Default)]
pub(crate) struct Mix(u64);

impl Mix {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for Mix {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let mut last = [0; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.add(u64::from_le_bytes(last) ^ (bytes.len() as u64) << 56);
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    /// SplitMix64's finaliser: the table takes its bucket from the low bits and its tag from
    /// the high ones, and a multiplication alone leaves the low bits poorly mixed.
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// A `HashMap` with the fixed hasher.
pub(crate) type Map<K, V> = HashMap<K, V, Fixed>;

/// A `HashSet` with the fixed hasher.
pub(crate) type Set<T> = HashSet<T, Fixed>;

/// Distinct keys in the order first seen, each with a value. A short list is searched
/// directly, which allocates no table; past [`Firsts::LINEAR`] keys a hash map indexes them,
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

impl<K: std::hash::Hash + Eq + Copy, V> Firsts<K, V> {
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

impl<'a, T, K: std::hash::Hash + Eq, F: Fn(&'a T) -> K> FirstIndex<'a, T, K, F> {
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

impl std::hash::Hash for Caseless<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for b in self.0.bytes() {
            state.write_u8(b.to_ascii_lowercase());
        }
        state.write_usize(self.0.len());
    }
}
