mod common;
mod gap;
mod planner;
