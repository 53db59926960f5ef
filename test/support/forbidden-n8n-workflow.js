// Mapped in for `n8n-workflow` and `n8n-core` in the core test project: the core must not depend on n8n.
throw new Error('src/core must not import n8n-workflow or n8n-core (docs/ARCHITECTURE.md, "The flow")');
