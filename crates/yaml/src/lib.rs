//! YAML emitter and loader.
