//! Comparisons of two models ([`crate::ir::Api`]) that read the IR and
//! nothing else: [`diff`] classifies what a new version of a spec does to
//! the users of the generated crate; [`drift`] says where our spec and the
//! vendor's published one disagree.

pub mod diff;
pub mod drift;
