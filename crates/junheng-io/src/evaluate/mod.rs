//! Evaluation workbooks.
