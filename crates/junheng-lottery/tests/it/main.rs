//! Integration tests of the lottery engine.

mod audit;
mod common;
mod properties;
mod python;
mod simulation;
mod uniformity;
mod validation;
mod vectors;
