/**
 * Guards the workflow templates in `workflows/` against drift: every template must import into n8n and open in the
 * editor without errors, using only node types, versions, parameters and option values the nodes of this package
 * (and the few built-in nodes listed below) really have, with no credential ids and no secrets. The Slack app
 * manifest must point at the webhook URLs of the Chat Interaction Triggers, and the sample events named in the
 * sticky notes must start the workflow they are meant for.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type {
	IConnections,
	INode,
	INodeParameters,
	INodeProperties,
	INodePropertyCollection,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	NodeParameterValueType,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import { commonPollingParameters } from 'n8n-core/dist/nodes-loader/constants';

import {
	MODEL_FIELD_DESCRIPTIONS,
	TOOL_DESCRIPTION,
} from '../../nodes/StripeAction/actions/checkoutSession/createFromCatalogue.operation';
import { completesClaims } from '../../nodes/shared/postingRun';
import { normalizeEvent } from '../../src/core/normalize';
import { matchesAnyEventPattern } from '../../src/core/stripeEventTypes';

const repoRoot = path.resolve(__dirname, '../..');
const workflowsDir = path.join(repoRoot, 'workflows');
const nodesDir = path.join(repoRoot, 'nodes');
const packageJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[] };
};
const PACKAGE_PREFIX = `${packageJson.name}.`;
const MANIFEST_FILE = 'slack-app-manifest.json';
/** What the manifest writes in place of the n8n host; the admin replaces it (workflows/README.md). */
const MANIFEST_BASE_URL = 'https://YOUR-N8N-HOST/webhook';

interface TemplateNode extends INode {
	webhookId?: string;
}

interface Template {
	file: string;
	text: string;
	workflow: {
		name?: unknown;
		nodes: TemplateNode[];
		connections: IConnections;
		active?: unknown;
		settings?: { executionOrder?: unknown };
		meta?: { templateCredsSetupCompleted?: unknown };
	};
}

/** Built-in n8n nodes the templates may use, with the versions they were checked against (n8n 2.40). */
const BUILT_IN_NODES: Record<string, { versions: number[]; trigger: boolean; outputs: (node: INode) => number }> = {
	'n8n-nodes-base.stickyNote': { versions: [1], trigger: false, outputs: () => 0 },
	'n8n-nodes-base.noOp': { versions: [1], trigger: false, outputs: () => 1 },
	'n8n-nodes-base.errorTrigger': { versions: [1], trigger: true, outputs: () => 1 },
	'n8n-nodes-base.scheduleTrigger': { versions: [1.2], trigger: true, outputs: () => 1 },
	'n8n-nodes-base.if': { versions: [2.2], trigger: false, outputs: () => 2 },
	// n8n's AI nodes, for the AI checkout templates: the agent takes main input, its model, memory and tools are
	// sub-nodes connected to it with ai_* connections.
	'n8n-nodes-base.splitInBatches': { versions: [3], trigger: false, outputs: () => 2 },
	// The ticket node of slack-actions.json's "Create ticket" branch (any ticket node will do; its sticky note says how).
	'n8n-nodes-base.linear': { versions: [1.1], trigger: false, outputs: () => 1 },
	'@n8n/n8n-nodes-langchain.agent': { versions: [3.1], trigger: false, outputs: () => 1 },
	'@n8n/n8n-nodes-langchain.lmChatOpenAi': { versions: [1.3], trigger: false, outputs: () => 0 },
	'@n8n/n8n-nodes-langchain.memoryBufferWindow': { versions: [1.3], trigger: false, outputs: () => 0 },
	'n8n-nodes-base.switch': {
		versions: [3.2],
		trigger: false,
		outputs: (node) => {
			const rules = ((node.parameters.rules as { values?: unknown[] } | undefined)?.values ?? []).length;
			const fallback = (node.parameters.options as { fallbackOutput?: unknown } | undefined)?.fallbackOutput;
			return rules + (fallback === 'extra' ? 1 : 0);
		},
	},
};

function readJsonFiles(): Array<{ file: string; text: string }> {
	return fs
		.readdirSync(workflowsDir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, text: fs.readFileSync(path.join(workflowsDir, file), 'utf8') }));
}

function parseOrUndefined(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

const jsonFiles = readJsonFiles();
const templates: Template[] = jsonFiles.flatMap(({ file, text }) => {
	const parsed = parseOrUndefined(text) as Template['workflow'] | undefined;
	return parsed && Array.isArray(parsed.nodes) ? [{ file, text, workflow: parsed }] : [];
});

/** Sub-node connections into an AI Agent, by the type of the sub-node's output. */
const AI_CONNECTION_TYPES = ['ai_languageModel', 'ai_memory', 'ai_tool'];

/**
 * The tool variant n8n 2.40 makes of a node with `usableAsTool` (`<name>Tool`, no main input, one `ai_tool` output,
 * a tool description), as its `convertNodeToAiTool` does when it loads the package.
 */
function toolVariant(nodeType: INodeType): INodeType {
	const base = nodeType.description;
	const description: INodeTypeDescription = {
		...base,
		name: `${base.name}Tool`,
		displayName: `${base.displayName} Tool`,
		inputs: [],
		outputs: ['ai_tool'],
		properties: [
			{
				displayName: 'Tool Description',
				name: 'descriptionType',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Set Automatically', value: 'auto' },
					{ name: 'Set Manually', value: 'manual' },
				],
				default: 'auto',
			},
			{
				displayName: 'Description',
				name: 'toolDescription',
				type: 'string',
				default: base.description,
				required: true,
				displayOptions: { show: { descriptionType: ['manual'] } },
			},
			...base.properties,
		],
	};
	return Object.assign(Object.create(Object.getPrototypeOf(nodeType) as object) as INodeType, nodeType, {
		description,
	});
}

/** Every node class of this package, loaded from `nodes/<Name>/<Name>.node.ts`, by node type. */
function loadPackageNodeTypes(): Map<string, INodeType> {
	const types = new Map<string, INodeType>();
	for (const directory of fs.readdirSync(nodesDir).sort()) {
		const file = path.join(nodesDir, directory, `${directory}.node.ts`);
		if (!fs.existsSync(file)) continue;
		// Loaded by path so that a node added to nodes/ is covered without editing this test.
		const exported = jest.requireActual<Record<string, new () => INodeType>>(file)[directory];
		const nodeType = new exported();
		// n8n's loader puts Poll Times in front of a polling node's parameters (DirectoryLoader.applySpecialNodeParameters).
		if (nodeType.description.polling) nodeType.description.properties.unshift(...commonPollingParameters);
		types.set(`${PACKAGE_PREFIX}${nodeType.description.name}`, nodeType);
		if (nodeType.description.usableAsTool)
			types.set(`${PACKAGE_PREFIX}${nodeType.description.name}Tool`, toolVariant(nodeType));
	}
	return types;
}

const packageNodeTypes = loadPackageNodeTypes();

const nodeTypesRegistry: INodeTypes = {
	getByName: (type) => packageNodeTypes.get(type) as INodeType,
	getByNameAndVersion: (type) => packageNodeTypes.get(type) as INodeType,
	getKnownTypes: () => ({}),
};

function descriptionOf(type: string): INodeTypeDescription {
	const nodeType = packageNodeTypes.get(type);
	if (!nodeType) throw new Error(`${type} is not a node of this package`);
	return nodeType.description;
}

function isExpression(value: unknown): boolean {
	return typeof value === 'string' && value.startsWith('=');
}

const allNodes = templates.flatMap((template) =>
	template.workflow.nodes.map((node) => ({ file: template.file, node, template })),
);
const packageNodes = allNodes.filter(({ node }) => node.type.startsWith(PACKAGE_PREFIX));
const builtInNodes = allNodes.filter(({ node }) => !node.type.startsWith(PACKAGE_PREFIX));

/**
 * Problems with one parameter value against its property: unknown keys inside collections, option values that
 * do not exist, resource locator modes the property does not offer. Expressions are not checked.
 */
function valueProblems(property: INodeProperties, value: NodeParameterValueType, where: string): string[] {
	if (isExpression(value)) return [];
	const problems: string[] = [];
	const allowed = (property.options ?? []) as Array<{ value?: unknown; name: string }>;
	switch (property.type) {
		case 'options':
			if (allowed.length > 0 && !allowed.some((option) => option.value === value)) {
				problems.push(`${where}: "${String(value)}" is not an option`);
			}
			break;
		case 'multiOptions':
			if (!Array.isArray(value)) problems.push(`${where}: a list is expected`);
			else if (allowed.length > 0) {
				for (const entry of value) {
					if (!allowed.some((option) => option.value === entry)) {
						problems.push(`${where}: "${String(entry)}" is not an option`);
					}
				}
			}
			break;
		case 'collection': {
			const children = (property.options ?? []) as INodeProperties[];
			for (const [key, child] of Object.entries((value ?? {}) as INodeParameters)) {
				const childProperty = children.find((candidate) => candidate.name === key);
				if (!childProperty) problems.push(`${where}.${key}: no such option`);
				else problems.push(...valueProblems(childProperty, child, `${where}.${key}`));
			}
			break;
		}
		case 'fixedCollection': {
			const groups = (property.options ?? []) as INodePropertyCollection[];
			for (const [key, entries] of Object.entries((value ?? {}) as INodeParameters)) {
				const group = groups.find((candidate) => candidate.name === key);
				if (!group) {
					problems.push(`${where}.${key}: no such group`);
					continue;
				}
				const list = property.typeOptions?.multipleValues ? entries : [entries];
				if (!Array.isArray(list)) {
					problems.push(`${where}.${key}: a list is expected`);
					continue;
				}
				list.forEach((entry, index) => {
					for (const [field, fieldValue] of Object.entries(entry as INodeParameters)) {
						const fieldProperty = group.values.find((candidate) => candidate.name === field);
						if (!fieldProperty) problems.push(`${where}.${key}[${index}].${field}: no such field`);
						else problems.push(...valueProblems(fieldProperty, fieldValue, `${where}.${key}[${index}].${field}`));
					}
				});
			}
			break;
		}
		case 'resourceLocator': {
			const locator = value as { __rl?: unknown; mode?: unknown } | null;
			const modes = (property.modes ?? []).map((mode) => mode.name);
			if (!locator || locator.__rl !== true || !modes.includes(String(locator.mode))) {
				problems.push(`${where}: a resource locator with one of the modes ${modes.join(', ')} is expected`);
			}
			break;
		}
		default:
			break;
	}
	return problems;
}

/** The property n8n shows for a parameter name, given the node's other parameters (several share one name). */
function displayedProperty(node: INode, description: INodeTypeDescription, name: string): INodeProperties | undefined {
	return description.properties.find(
		(property) => property.name === name && NodeHelpers.displayParameter(node.parameters, property, node, description),
	);
}

function outputCount(node: INode): number {
	const builtIn = BUILT_IN_NODES[node.type];
	if (builtIn) return builtIn.outputs(node);
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypesRegistry });
	return NodeHelpers.getNodeOutputs(workflow, node, descriptionOf(node.type)).length;
}

function isTrigger(node: INode): boolean {
	const builtIn = BUILT_IN_NODES[node.type];
	if (builtIn) return builtIn.trigger || node.type === 'n8n-nodes-base.stickyNote';
	return descriptionOf(node.type).inputs.length === 0;
}

function webhookUrl(node: TemplateNode): string {
	const webhook = descriptionOf(node.type).webhooks?.[0];
	if (!webhook) throw new Error(`${node.name} has no webhook`);
	return NodeHelpers.getNodeWebhookUrl(MANIFEST_BASE_URL, '', node, String(webhook.path), webhook.isFullPath);
}

describe('workflow templates', () => {
	it('are there: the four alert flows, the buttons, /pay, critical events, error alerts and the chat checkouts', () => {
		expect(templates.map((template) => template.file)).toEqual(
			expect.arrayContaining([
				'payment-failed.json',
				'dispute-opened.json',
				'invoice-paid.json',
				'customer-updated.json',
				'slack-actions.json',
				'slash-pay.json',
				'payments-critical.json',
				'error-alerts.json',
				'whatsapp-checkout.json',
				'instagram-checkout.json',
				'whatsapp-ai-checkout.json',
				'instagram-ai-checkout.json',
			]),
		);
	});

	it.each(jsonFiles.map(({ file, text }) => [file, text]))('%s is valid JSON', (_file, text) => {
		expect(() => JSON.parse(text)).not.toThrow();
	});

	describe.each(templates.map((template) => [template.file, template]))('%s', (_file, template) => {
		const { workflow } = template;

		it('has the fields n8n needs to import it inactive and unconfigured', () => {
			expect(typeof workflow.name).toBe('string');
			expect(String(workflow.name)).toMatch(/^Stripe Chat Channel: /);
			expect(typeof workflow.connections).toBe('object');
			expect(workflow.active).toBe(false);
			expect(workflow.settings?.executionOrder).toBe('v1');
			expect(workflow.meta?.templateCredsSetupCompleted).toBe(false);
		});

		it('has unique node names and ids, and a position for every node', () => {
			const names = workflow.nodes.map((node) => node.name);
			const ids = workflow.nodes.map((node) => node.id);
			expect(new Set(names).size).toBe(names.length);
			expect(new Set(ids).size).toBe(ids.length);
			for (const node of workflow.nodes) {
				expect(node.position).toEqual([expect.any(Number), expect.any(Number)]);
				expect(node.parameters).toEqual(expect.any(Object));
			}
		});

		it('explains its setup in a sticky note with numbered steps', () => {
			const notes = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
			expect(notes.length).toBeGreaterThan(0);
			expect(notes.some((note) => /^1\. /m.test(String(note.parameters.content)))).toBe(true);
		});

		it('references credentials by type and placeholder name only, never by id', () => {
			for (const node of workflow.nodes) {
				for (const [type, reference] of Object.entries(node.credentials ?? {})) {
					expect({ node: node.name, type, reference }).toEqual({
						node: node.name,
						type,
						reference: { name: expect.any(String) },
					});
					if (node.type.startsWith(PACKAGE_PREFIX)) {
						const accepted = (descriptionOf(node.type).credentials ?? []).map((credential) => credential.name);
						expect(accepted).toContain(type);
					}
				}
			}
		});

		it('holds no secrets', () => {
			const secretPatterns = [
				/\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{8,}/,
				/\bwhsec_[A-Za-z0-9+/=]{8,}/,
				/\bxox[abeoprs]-[A-Za-z0-9-]{8,}/,
				/\bxapp-[A-Za-z0-9-]{8,}/,
				/\bhttps:\/\/hooks\.slack\.com\/(?:services|actions|commands)\/[A-Za-z0-9/]{8,}/,
			];
			for (const pattern of secretPatterns) expect(template.text).not.toMatch(pattern);
			// Long runs mixing upper case, lower case and digits look like keys or tokens; ids and UUIDs do not.
			const randomLooking = (template.text.match(/[A-Za-z0-9]{32,}/g) ?? []).filter(
				(run) => /[a-z]/.test(run) && /[A-Z]/.test(run) && /\d/.test(run),
			);
			expect(randomLooking).toEqual([]);
		});

		it('connects only existing nodes, from outputs they have, into nodes that take input', () => {
			const byName = new Map(workflow.nodes.map((node) => [node.name, node]));
			for (const [source, connectionTypes] of Object.entries(workflow.connections)) {
				const sourceNode = byName.get(source);
				expect({ source, exists: sourceNode !== undefined }).toEqual({ source, exists: true });
				if (!sourceNode) continue;
				const [connectionType, ...others] = Object.keys(connectionTypes);
				expect(others).toEqual([]);
				if (connectionType !== 'main') {
					// A sub-node (model, memory, tool) feeds one AI Agent through its one AI output.
					expect(AI_CONNECTION_TYPES).toContain(connectionType);
					const targets = connectionTypes[connectionType] ?? [];
					expect(targets).toHaveLength(1);
					for (const target of targets[0] ?? []) {
						expect(target).toEqual({ node: target.node, type: connectionType, index: 0 });
						expect(byName.get(target.node)?.type).toBe('@n8n/n8n-nodes-langchain.agent');
					}
					continue;
				}
				const outputs = connectionTypes.main ?? [];
				expect({ source, outputs: outputs.length <= outputCount(sourceNode) }).toEqual({ source, outputs: true });
				for (const targets of outputs) {
					for (const target of targets ?? []) {
						const targetNode = byName.get(target.node);
						expect({ target: target.node, exists: targetNode !== undefined }).toEqual({
							target: target.node,
							exists: true,
						});
						if (!targetNode) continue;
						expect({ target: target.node, takesInput: !isTrigger(targetNode) }).toEqual({
							target: target.node,
							takesInput: true,
						});
						expect(target).toEqual({ node: target.node, type: 'main', index: 0 });
					}
				}
			}
		});

		it('has no loose nodes: every node but sticky notes and triggers receives input, every sub-node feeds an agent', () => {
			const subNodes = new Set(
				Object.entries(workflow.connections)
					.filter(([, types]) => Object.keys(types).some((type) => AI_CONNECTION_TYPES.includes(type)))
					.map(([source]) => source),
			);
			const targets = new Set(
				Object.values(workflow.connections).flatMap((types) =>
					(types.main ?? []).flatMap((list) => (list ?? []).map((connection) => connection.node)),
				),
			);
			for (const node of workflow.nodes) {
				if (isTrigger(node) || subNodes.has(node.name)) continue;
				expect({ node: node.name, connected: targets.has(node.name) }).toEqual({ node: node.name, connected: true });
			}
		});
	});

	describe.each(packageNodes.map(({ file, node }) => [`${file}: ${node.name}`, node]))('%s', (_label, node) => {
		it("uses a node type of this package that n8n loads, in the version n8n's editor would add", () => {
			expect([...packageNodeTypes.keys()]).toContain(node.type);
			const description = descriptionOf(node.type);
			const versions = Array.isArray(description.version) ? description.version : [description.version];
			expect(node.typeVersion).toBe(description.defaultVersion ?? Math.max(...versions));
			const registered = packageJson.n8n.nodes.map((file) => path.basename(file).split('.')[0]);
			const className = [...packageNodeTypes.entries()].find(([type]) => type === node.type)?.[1].constructor.name;
			expect(registered).toContain(className);
		});

		it('sets only parameters the node shows, with values it offers', () => {
			const description = descriptionOf(node.type);
			const problems: string[] = [];
			for (const [name, value] of Object.entries(node.parameters)) {
				const property = displayedProperty(node, description, name);
				if (!property) {
					const exists = description.properties.some((candidate) => candidate.name === name);
					problems.push(
						exists ? `${name}: hidden by the other settings, so n8n drops it` : `${name}: no such parameter`,
					);
					continue;
				}
				problems.push(...valueProblems(property, value, name));
			}
			expect(problems).toEqual([]);
		});

		it('opens in the editor without parameter issues', () => {
			expect(
				NodeHelpers.getNodeParametersIssues(descriptionOf(node.type).properties, node, descriptionOf(node.type)),
			).toBeNull();
		});
	});

	describe.each(builtInNodes.map(({ file, node }) => [`${file}: ${node.name}`, node]))('%s', (_label, node) => {
		it('is a built-in node in a version these templates were checked against', () => {
			expect(Object.keys(BUILT_IN_NODES)).toContain(node.type);
			expect(BUILT_IN_NODES[node.type].versions).toContain(node.typeVersion);
		});

		it('has conditions in the shape of filter version 2 (If 2.2, Switch 3.2)', () => {
			const filters =
				node.type === 'n8n-nodes-base.if'
					? [node.parameters.conditions]
					: node.type === 'n8n-nodes-base.switch'
						? ((node.parameters.rules as { values?: Array<{ conditions: unknown }> }).values ?? []).map(
								(rule) => rule.conditions,
							)
						: [];
			for (const filter of filters) {
				expect(filter).toEqual({
					options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
					conditions: expect.arrayContaining([
						expect.objectContaining({
							id: expect.any(String),
							leftValue: expect.any(String),
							operator: expect.objectContaining({ type: expect.any(String), operation: expect.any(String) }),
						}),
					]),
					combinator: 'and',
				});
			}
		});

		it('has sticky-note sizes and text, when it is a sticky note', () => {
			if (node.type !== 'n8n-nodes-base.stickyNote') return;
			expect(node.parameters).toEqual({
				content: expect.any(String),
				width: expect.any(Number),
				height: expect.any(Number),
				color: expect.any(Number),
			});
		});
	});

	it('recover missed events wherever the Stripe Event Trigger feeds Payment Alert directly', () => {
		const feedsPaymentAlert = templates.filter((template) => {
			const trigger = template.workflow.nodes.find((node) => node.type === `${PACKAGE_PREFIX}stripeEventTrigger`);
			const into = trigger ? (template.workflow.connections[trigger.name]?.main?.[0] ?? []) : [];
			return into.some(
				(connection) =>
					template.workflow.nodes.find((node) => node.name === connection.node)?.type ===
					`${PACKAGE_PREFIX}paymentAlert`,
			);
		});
		expect(feedsPaymentAlert.length).toBeGreaterThanOrEqual(7);
		for (const template of feedsPaymentAlert) {
			expect({
				file: template.file,
				recovers: template.workflow.nodes.some((node) => node.name === 'Recover Missed Events'),
			}).toEqual({ file: template.file, recovers: true });
		}
	});

	describe.each(
		templates
			.filter((template) => template.workflow.nodes.some((node) => node.name === 'Recover Missed Events'))
			.map((template) => [template.file, template]),
	)('%s: missed events recovered', (_file, template) => {
		const nodeNamed = (name: string) => template.workflow.nodes.find((node) => node.name === name) as TemplateNode;

		it("looks for every unhandled event of the trigger's types and hands them to the trigger's Payment Alert", () => {
			const recover = nodeNamed('Recover Missed Events');
			const trigger = nodeNamed('Stripe Event Trigger');
			expect(recover).toMatchObject({ type: `${PACKAGE_PREFIX}stripeWebhookHealth`, typeVersion: 2 });
			expect(recover.parameters).toMatchObject({ recover: true, recoverScope: 'unhandled' });
			expect(recover.parameters.events).toEqual(trigger.parameters.events);
			const into = (name: string, output: number) =>
				(template.workflow.connections[name]?.main?.[output] ?? []).map((connection) => connection.node);
			expect(into('Recover Missed Events', 1)).toEqual(into('Stripe Event Trigger', 0));
		});

		it('hands them to Payment Alerts that skip repeats and whose alerts a posting node marks posted', () => {
			const after = (name: string, seen = new Set<string>()): Set<string> => {
				for (const output of template.workflow.connections[name]?.main ?? []) {
					for (const { node } of output ?? []) {
						if (!seen.has(node)) after(node, seen.add(node));
					}
				}
				return seen;
			};
			const typeName = (node: TemplateNode) => node.type.slice(PACKAGE_PREFIX.length);
			const alerts = [...after('Recover Missed Events')]
				.map(nodeNamed)
				.filter((node) => node.type === `${PACKAGE_PREFIX}paymentAlert`);
			expect(alerts.length).toBeGreaterThan(0);
			for (const alert of alerts) {
				expect(alert.parameters.deduplicate).not.toBe(false);
				const marking = [...after(alert.name)]
					.map(nodeNamed)
					.filter((node) => node.type.startsWith(PACKAGE_PREFIX))
					.filter((node) => completesClaims(typeName(node), String(node.parameters.operation ?? 'post')));
				expect(marking.map((node) => node.name)).not.toEqual([]);
			}
		});
	});

	describe.each(
		templates
			.filter((template) => template.file.endsWith('-ai-checkout.json'))
			.map((template) => [template.file, template]),
	)('%s: the AI Agent and its Stripe Action tool', (_file, template) => {
		const nodes = template.workflow.nodes;
		const tool = nodes.find((node) => node.type === `${PACKAGE_PREFIX}stripeActionTool`) as TemplateNode;
		const channel = template.file.split('-')[0];

		it('gives the agent the Stripe Action tool in Create From Catalogue, described for the model', () => {
			expect(tool.parameters).toMatchObject({
				resource: 'checkoutSession',
				operation: 'createFromCatalogue',
				descriptionType: 'manual',
				toolDescription: TOOL_DESCRIPTION,
			});
		});

		it('lets the model fill only product, quantity, dates and note, with the descriptions the node ships', () => {
			const modelFilled = Object.entries(tool.parameters)
				.filter(([, value]) => JSON.stringify(value).includes('$fromAI'))
				.map(([name]) => name)
				.sort();
			expect(modelFilled).toEqual(['catalogueQuantity', 'endDate', 'note', 'product', 'startDate']);
			const defaults = Object.fromEntries(
				descriptionOf(tool.type).properties.map((property) => [property.name, property.default]),
			);
			for (const name of modelFilled) expect(tool.parameters[name]).toBe(defaults[name]);
			for (const text of Object.values(MODEL_FIELD_DESCRIPTIONS))
				expect(JSON.stringify(tool.parameters)).toContain(JSON.stringify(text).slice(1, -1));
		});

		it("fixes the chat to the trigger's message and the price to the catalogue", () => {
			expect(tool.parameters).toMatchObject({
				chatChannel: '={{ $json.channel }}',
				chatSenderId: '={{ $json.senderId }}',
				chatAccountId: '={{ $json.accountId }}',
				successUrl: expect.stringMatching(/^https:\/\//),
			});
			const products = (tool.parameters.products as { product: Array<{ amount: number; currency: string }> }).product;
			expect(products.length).toBeGreaterThan(0);
			for (const product of products) expect(product.amount).toBeGreaterThan(0);
		});

		it('hands the agent one message at a time, and answers the sender of that message on its channel', () => {
			expect(template.workflow.connections['Skip Repeated Messages'].main[0]).toEqual([
				{ node: 'One Message at a Time', type: 'main', index: 0 },
			]);
			const answer = nodes.find((node) => node.name === 'Send Answer') as TemplateNode;
			expect(answer.parameters).toMatchObject({
				channel,
				// The agent's output has no usable paired item after a tool call; the loop's current round has one item.
				recipient: "={{ $('One Message at a Time').first().json.senderId }}",
			});
			const memory = nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.memoryBufferWindow') as TemplateNode;
			// Sub-nodes read the agent's item; with one message per round that is the message being answered.
			expect(memory.parameters.sessionKey).toBe('={{ $json.channel }}:{{ $json.accountId }}:{{ $json.senderId }}');
		});

		it('lists in the system message exactly the products of the catalogue', () => {
			const agent = nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.agent') as TemplateNode;
			const system = String((agent.parameters.options as { systemMessage: string }).systemMessage);
			const products = (tool.parameters.products as { product: Array<{ key: string; name: string; amount: number }> })
				.product;
			for (const product of products)
				expect(system).toContain(`- ${product.key}: ${product.name}, USD ${product.amount}`);
			expect(system.match(/^- \w+:/gm)).toHaveLength(products.length);
		});
	});

	it('evaluates the outputs of Payment Alert the way n8n does: five category branches when they are on', () => {
		const alerts = packageNodes.filter(({ node }) => node.type === `${PACKAGE_PREFIX}paymentAlert`);
		expect(alerts.length).toBeGreaterThan(0);
		for (const { node } of alerts) {
			expect(outputCount(node)).toBe(node.parameters.outputBranches === true ? 5 : 1);
		}
		expect(alerts.some(({ node }) => node.parameters.outputBranches === true)).toBe(true);
	});

	describe('webhooks', () => {
		const webhookNodes = packageNodes.filter(({ node }) => (descriptionOf(node.type).webhooks ?? []).length > 0);

		it('every trigger has a fixed, readable webhook ID, unique across all templates', () => {
			const ids = webhookNodes.map(({ node }) => node.webhookId);
			for (const id of ids) expect(id).toMatch(/^stripe-chat-channel-[a-z]+(?:-[a-z]+)*$/);
			expect(new Set(ids).size).toBe(ids.length);
		});

		it('the Slack app manifest points at the Chat Interaction Triggers of slack-actions.json and slash-pay.json', () => {
			const manifest = JSON.parse(fs.readFileSync(path.join(workflowsDir, MANIFEST_FILE), 'utf8')) as {
				settings: { interactivity: { is_enabled: boolean; request_url: string } };
				features: { slash_commands: Array<{ command: string; url: string }> };
				oauth_config: { scopes: { bot: string[] } };
			};
			const triggerOf = (file: string) =>
				webhookNodes.find(
					({ file: nodeFile, node }) => nodeFile === file && node.type === `${PACKAGE_PREFIX}chatInteractionTrigger`,
				)?.node as TemplateNode;
			const actions = triggerOf('slack-actions.json');
			const pay = triggerOf('slash-pay.json');
			expect(actions.webhookId).toBe('stripe-chat-channel-actions');
			expect(pay.webhookId).toBe('stripe-chat-channel-pay');
			expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: webhookUrl(actions) });
			const lookup = triggerOf('stripe-lookup.json');
			expect(manifest.features.slash_commands).toEqual([
				expect.objectContaining({ command: '/pay', url: webhookUrl(pay) }),
				expect.objectContaining({ command: '/stripe', url: webhookUrl(lookup) }),
			]);
			expect(actions.parameters.listenFor).toEqual(expect.arrayContaining(['block_actions', 'view_submission']));
			expect(pay.parameters.listenFor).toEqual(['slash_command']);
			expect(manifest.oauth_config.scopes.bot).toEqual(
				expect.arrayContaining(['chat:write', 'channels:history', 'groups:history', 'commands', 'usergroups:read']),
			);
		});
	});

	describe('sample events named in the sticky notes', () => {
		const commands = templates.flatMap((template) =>
			template.workflow.nodes
				.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
				.flatMap((note) => [
					...String(note.parameters.content).matchAll(
						/send-event (workflows\/sample-events\/[\w.-]+\.json) --url http:\/\/localhost:5678\/webhook-test\/([\w-]+)\/stripe/g,
					),
				])
				.map((match) => ({ file: template.file, sample: match[1], webhookId: match[2], template })),
		);

		it('every alert template tells how to send a sample event', () => {
			const withStripeTrigger = templates.filter((template) =>
				template.workflow.nodes.some((node) => node.type === `${PACKAGE_PREFIX}stripeEventTrigger`),
			);
			expect(new Set(commands.map((command) => command.file))).toEqual(
				new Set(withStripeTrigger.map((template) => template.file)),
			);
		});

		it.each(commands.map((command) => [`${command.file}: ${command.sample}`, command]))(
			'%s is a Stripe event that the trigger at that URL subscribes to',
			(_label, { sample, webhookId, template }) => {
				const event = normalizeEvent(JSON.parse(fs.readFileSync(path.join(repoRoot, sample), 'utf8')));
				expect(event.livemode).toBe(false);
				const trigger = template.workflow.nodes.find(
					(node) => node.type === `${PACKAGE_PREFIX}stripeEventTrigger`,
				) as TemplateNode;
				expect(trigger.webhookId).toBe(webhookId);
				expect(matchesAnyEventPattern(trigger.parameters.events as string[], event.type)).toBe(true);
			},
		);
	});
});
