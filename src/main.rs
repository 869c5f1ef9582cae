//! The SPA's entry point: mounts the app, nothing else.

fn main() {
    latchkey::start();
}
