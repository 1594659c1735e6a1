mod big_counts;
mod common;
mod gap;
mod planner;
