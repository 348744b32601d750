//! Typed ids: which quantity, claim or piece of evidence a value belongs to.
//!
//! A [`QuantityId`] can only index quantity tables and a [`ClaimId`] only claim tables, so a
//! claim and a quantity that share a name can never be confused; [`Output`] is either. Ids are
//! positions in the [`Program`](super::Program)'s tables, handed out by the scenario when it
//! assembles the program. [`IdVec`] is a vector indexed by one kind of id.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// A typed position in one of the program's tables.
pub trait Id: Copy + Eq + Ord + std::hash::Hash + fmt::Debug {
    /// The id of position `index`.
    fn from_index(index: usize) -> Self;
    /// The position.
    fn index(self) -> usize;
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(usize);

        impl Id for $name {
            #[inline]
            fn from_index(index: usize) -> Self {
                $name(index)
            }
            #[inline]
            fn index(self) -> usize {
                self.0
            }
        }

        impl $name {
            /// The id of position `index`.
            #[inline]
            pub fn new(index: usize) -> Self {
                $name(index)
            }

            /// The position.
            #[inline]
            pub fn index(self) -> usize {
                self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }
    };
}

id_type!(
    /// An input or model quantity (inputs first, then model quantities, each in file order).
    QuantityId
);
id_type!(
    /// A `[[claim]]`, in file order.
    ClaimId
);
id_type!(
    /// An `[[evidence]]` entry, in file order.
    EvidenceId
);
id_type!(
    /// A random source written in `[model]` (a distribution call, a mixture, a `sum_of`), in
    /// the order of the quantities and, within one, of appearance.
    SourceId
);
id_type!(
    /// An `[index]` entry, in file order.
    IndexId
);
id_type!(
    /// An indexed quantity (one user quantity that stands for one model quantity per element
    /// of its index), in file order.
    IndexedId
);

/// Something a run reports on: a quantity or a claim. The two live in separate namespaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Output {
    /// A quantity's draws.
    Quantity(QuantityId),
    /// A claim's true/false flags.
    Claim(ClaimId),
}

/// A vector indexed by one kind of [`Id`].
#[derive(Clone, PartialEq)]
pub struct IdVec<I, T> {
    items: Vec<T>,
    id: PhantomData<fn(I) -> I>,
}

impl<I: Id, T> IdVec<I, T> {
    /// An empty vector.
    pub fn new() -> Self {
        Vec::new().into()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The entry of `id`, if there is one.
    pub fn get(&self, id: I) -> Option<&T> {
        self.items.get(id.index())
    }

    /// The entries in id order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// The entries in id order, mutably.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl Iterator<Item = I> {
        (0..self.items.len()).map(I::from_index)
    }

    /// (id, entry) pairs in id order.
    pub fn iter_enumerated(&self) -> impl Iterator<Item = (I, &T)> {
        self.items
            .iter()
            .enumerate()
            .map(|(i, t)| (I::from_index(i), t))
    }

    /// The id of the first entry for which `f` holds.
    pub fn position(&self, f: impl FnMut(&T) -> bool) -> Option<I> {
        self.items.iter().position(f).map(I::from_index)
    }

    /// The entries as a plain slice, position = `id.index()`.
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// The entries as a plain mutable slice.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self.items
    }

    /// The entries as a plain vector.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }

    /// Applies `f` to every entry, keeping the ids.
    pub fn map<U>(&self, f: impl FnMut(&T) -> U) -> IdVec<I, U> {
        self.items.iter().map(f).collect()
    }
}

impl<I: Id, T> Default for IdVec<I, T> {
    fn default() -> Self {
        Vec::new().into()
    }
}

impl<I, T: fmt::Debug> fmt::Debug for IdVec<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

impl<I, T> From<Vec<T>> for IdVec<I, T> {
    fn from(items: Vec<T>) -> Self {
        IdVec {
            items,
            id: PhantomData,
        }
    }
}

impl<I, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        iter.into_iter().collect::<Vec<T>>().into()
    }
}

impl<I: Id, T> Index<I> for IdVec<I, T> {
    type Output = T;
    #[inline]
    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I: Id, T> IndexMut<I> for IdVec<I, T> {
    #[inline]
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }
}

impl<'a, I: Id, T> IntoIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<'a, I: Id, T> IntoIterator for &'a mut IdVec<I, T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter_mut()
    }
}

impl<I: Id, T> IntoIterator for IdVec<I, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_by_their_own_id_only() {
        let mut v: IdVec<QuantityId, &str> = vec!["a", "b"].into();
        assert_eq!(v[QuantityId::new(1)], "b");
        v[QuantityId::new(0)] = "z";
        let pairs: Vec<_> = v.iter_enumerated().map(|(i, s)| (i.index(), *s)).collect();
        assert_eq!(pairs, [(0, "z"), (1, "b")]);
        assert_eq!(v.position(|s| *s == "b"), Some(QuantityId::new(1)));
        assert_eq!(v.ids().collect::<Vec<_>>().len(), 2);
        assert!(v.get(QuantityId::new(2)).is_none());
        assert_eq!(format!("{:?}", ClaimId::new(3)), "ClaimId(3)");
    }
}
