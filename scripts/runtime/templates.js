// @ts-check
// The workflow templates (`workflows/*.json`) imported into an n8n instance through the n8n CLI.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { n8nEnv } = require('./env');
const { readJson, sha256, writeJson } = require('./files');
const { REPO_ROOT } = require('./layout');
const { runN8nCli } = require('./server');

/** @typedef {import('./process').Env} Env */
/**
 * @typedef {object} WorkflowTemplate
 * @property {string} name the file name, e.g. `payment-failed.json`
 * @property {string} file
 * @property {{ name?: string, id?: string, nodes: unknown[] } & Record<string, unknown>} workflow
 * @property {string} sha256 of the file's text
 */

/** Records, per template file name, the hash of the content last imported into `<home>/.n8n`. */
const IMPORTED_WORKFLOWS_MARKER = '.stripe-chat-channel-workflows.json';

/**
 * n8n workflow ids are 16 characters of [0-9A-Za-z]; a template without an id gets one derived from its file name,
 * so that importing it again updates the same workflow instead of adding a copy.
 * @param {string} fileName
 */
function stableWorkflowId(fileName) {
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	const digest = crypto.createHash('sha256').update(`stripe-chat-channel/${fileName}`).digest();
	return Array.from(digest.subarray(0, 16), (byte) => alphabet[byte % alphabet.length]).join('');
}

/**
 * The workflow templates in `dir`: JSON files holding one workflow object (with a `nodes` array).
 * @param {string} [dir]
 * @returns {WorkflowTemplate[]}
 */
function listWorkflowTemplates(dir = path.join(REPO_ROOT, 'workflows')) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.flatMap((name) => {
			const file = path.join(dir, name);
			const text = fs.readFileSync(file, 'utf8');
			let workflow;
			try {
				workflow = JSON.parse(text);
			} catch {
				return [];
			}
			const isWorkflow = workflow !== null && typeof workflow === 'object' && Array.isArray(workflow.nodes);
			return isWorkflow ? [{ name, file, workflow, sha256: sha256(text) }] : [];
		});
}

/**
 * Imports the workflow templates (`workflows/*.json` by default) with n8n stopped. With `onlyChanged`, files whose
 * content was already imported into this home are skipped. Workflows arrive inactive.
 * @param {string} homeDir
 * @param {{ env?: Env, dir?: string, onlyChanged?: boolean }} [options]
 * @returns {Promise<Array<{ name: string, id: string }>>} the imported templates
 */
async function importWorkflows(homeDir, { env = n8nEnv({ homeDir }), dir, onlyChanged = false } = {}) {
	const markerFile = path.join(homeDir, '.n8n', IMPORTED_WORKFLOWS_MARKER);
	/** @type {Record<string, string>} */
	const imported = (onlyChanged && readJson(markerFile)) || {};
	const templates = listWorkflowTemplates(dir).filter((template) => imported[template.name] !== template.sha256);
	if (templates.length === 0) return [];
	const stagingDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-chat-channel-workflows-'));
	try {
		const result = templates.map((template) => {
			const workflow = { ...template.workflow, id: template.workflow.id ?? stableWorkflowId(template.name) };
			fs.writeFileSync(path.join(stagingDir, template.name), JSON.stringify(workflow));
			return { name: template.name, id: workflow.id };
		});
		await runN8nCli(['import:workflow', '--separate', `--input=${stagingDir}`], env);
		fs.mkdirSync(path.dirname(markerFile), { recursive: true });
		const updated = { ...readJson(markerFile) };
		for (const template of templates) updated[template.name] = template.sha256;
		writeJson(markerFile, updated);
		return result;
	} finally {
		fs.rmSync(stagingDir, { recursive: true, force: true });
	}
}

module.exports = { importWorkflows, listWorkflowTemplates };
