fn main() {
    eprintln!("usage: cargo xtask <generate|test|demo|bench>");
    std::process::exit(2);
}
