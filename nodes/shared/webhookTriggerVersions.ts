import type { INodeTypeDescription } from 'n8n-workflow';

/**
 * The versions of every webhook trigger in this package. Version 2 changes nothing in the node itself; it changes
 * how n8n reads the request. For a version-1 webhook node, n8n evaluates an expression of its own
 * (`$parameter["options"]["binaryData"]`) on every request, and with n8n's `vm` expression engine that takes a fresh
 * V8 isolate: most of a delivery's time. From version 2 on, n8n parses the body by its content type and evaluates
 * nothing (docs/ARCHITECTURE.md, "Throughput"). Version 1 stays, so workflows built with it keep working.
 */
export const WEBHOOK_TRIGGER_VERSIONS = {
	version: [1, 2],
	defaultVersion: 2,
} satisfies Pick<INodeTypeDescription, 'version' | 'defaultVersion'>;
