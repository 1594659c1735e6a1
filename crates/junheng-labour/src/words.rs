//! The capability's words (a stable identifier, the Chinese label and its aliases): the
//! workspace's one generator, [`junheng_core::words!`].

pub(crate) use junheng_core::words;
