#![doc = include_str!("../../README.md")]
//!
//! ---
//!
//! This crate holds the project's tests (`it/`) and what they share: a
//! [`server::TestServer`] that records every request it receives. Its docs
//! are the README, so the README's Rust examples are compiled as doctests.

pub mod server;
