mod common;
mod gap;
