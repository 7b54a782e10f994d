//! Points tauri-build at the root `tauri.conf.json`, as the project layout asks.

fn main() {
    println!("cargo:rerun-if-changed=../tauri.conf.json");
    println!("cargo:rerun-if-changed=capabilities");
    if let Err(e) =
        tauri_build::try_build(tauri_build::Attributes::new().config_path("../tauri.conf.json"))
    {
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
