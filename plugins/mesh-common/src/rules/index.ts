// Rule catalogue: code, title, severity, references and controls of every analysis rule.
export {};
