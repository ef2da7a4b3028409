//! Hash maps and sets whose hasher has fixed keys: the core reads no randomness, not even a
//! hash seed (nothing depends on their iteration order; they only make lookups linear).

use std::{
    collections::{hash_map::DefaultHasher, HashMap, HashSet},
    hash::BuildHasherDefault,
};

/// SipHash with fixed keys.
pub(crate) type Fixed = BuildHasherDefault<DefaultHasher>;

/// A `HashMap` with the fixed hasher.
pub(crate) type Map<K, V> = HashMap<K, V, Fixed>;

/// A `HashSet` with the fixed hasher.
pub(crate) type Set<T> = HashSet<T, Fixed>;
