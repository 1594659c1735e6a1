mod common;
mod gap;
mod debug_tmp;
