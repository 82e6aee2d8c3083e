"""What auditkit reads from a project: catalog, evidence, documents, records, judgments, configuration."""
