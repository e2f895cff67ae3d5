"""The rule packs shipped with clauselint (YAML data, loaded by clauselint.packs)."""
