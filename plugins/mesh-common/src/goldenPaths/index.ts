// Golden-path presets curated by platform engineers in app-config.yaml (mesh.goldenPaths).
export {};
