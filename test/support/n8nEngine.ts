/**
 * Runs workflows through n8n's real execution engine (`n8n-core`'s WebhookContext and WorkflowExecute), the way
 * n8n's webhook server does: the trigger's `webhook()` gets a real WebhookContext, its output becomes the first
 * entry of the execution stack, and WorkflowExecute runs the rest of the workflow with real node contexts.
 * What a server would bring (credentials store, de-duplication database) is supplied in memory.
 */
import {
	DataDeduplicationService,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	PollContext,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICheckProcessedContextData,
	IConnections,
	ICredentialDataDecryptedObject,
	ICredentials,
	IDataObject,
	IDataDeduplicator,
	IHttpRequestOptions,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	IRequestOptionsSimplified,
	IDeduplicationOutput,
	INode,
	INodeType,
	INodeTypes,
	IRun,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	DeduplicationItemTypes,
	DeduplicationScope,
} from 'n8n-workflow';
import { createRunExecutionData, ICredentialsHelper, Workflow } from 'n8n-workflow';

/** The processed-items store n8n keeps in its database (table `processed_data`), here in memory for tests. */
export class InMemoryDeduplicator implements IDataDeduplicator {
	readonly processed = new Map<string, Set<string>>();

	private scopeKey(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		return scope === 'node' ? `${contextData.workflow.id}:${contextData.node?.id ?? ''}` : contextData.workflow.id;
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
	): Promise<IDeduplicationOutput> {
		const key = this.scopeKey(scope, contextData);
		const seen = this.processed.get(key) ?? new Set<string>();
		this.processed.set(key, seen);
		const result: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const value = String(item);
			if (seen.has(value)) result.processed.push(item);
			else {
				seen.add(value);
				result.new.push(item);
			}
		}
		return result;
	}

	async removeProcessed(items: DeduplicationItemTypes[], scope: DeduplicationScope, contextData: ICheckProcessedContextData) {
		const seen = this.processed.get(this.scopeKey(scope, contextData));
		for (const item of items) seen?.delete(String(item));
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData) {
		this.processed.delete(this.scopeKey(scope, contextData));
	}

	async getProcessedDataCount(scope: DeduplicationScope, contextData: ICheckProcessedContextData) {
		return this.processed.get(this.scopeKey(scope, contextData))?.size ?? 0;
	}
}

let deduplicatorReady: Promise<InMemoryDeduplicator> | undefined;

/** n8n initialises one DataDeduplicationService per process; so do the tests. */
export function sharedDeduplicator(): Promise<InMemoryDeduplicator> {
	deduplicatorReady ??= (async () => {
		const deduplicator = new InMemoryDeduplicator();
		await DataDeduplicationService.init(deduplicator);
		return deduplicator;
	})();
	return deduplicatorReady;
}

export class NodeTypesRegistry implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType>) {}

	getByName(nodeType: string): INodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getKnownTypes() {
		return {};
	}
}

export interface FakeHttpRequest {
	method?: string;
	headers: Record<string, string>;
	rawBody: Buffer;
	body?: unknown;
	query?: Record<string, string>;
}

/** Records what a webhook wrote itself (status, headers, body) when it answers with `noWebhookResponse`. */
export class RecordedResponse {
	statusCode = 200;
	headers: Record<string, string> = {};
	body: unknown;
	ended = false;

	status(code: number) {
		this.statusCode = code;
		return this;
	}

	setHeader(name: string, value: string) {
		this.headers[name.toLowerCase()] = value;
		return this;
	}

	header(name: string, value: string) {
		return this.setHeader(name, value);
	}

	json(body: unknown) {
		this.body = body;
		this.ended = true;
		return this;
	}

	send(body: unknown) {
		this.body = body;
		this.ended = true;
		return this;
	}

	end(body?: unknown) {
		if (body !== undefined) this.body = body;
		this.ended = true;
		return this;
	}
}

export interface EngineWorkflow {
	id?: string;
	nodes: INode[];
	connections: IConnections;
	nodeTypes: Record<string, INodeType>;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	staticData?: IDataObject;
}

export interface WebhookRunResult {
	webhook: IWebhookResponseData;
	response: RecordedResponse;
	/** Undefined when the trigger started no execution. */
	run?: IRun;
}

/** Hands nodes their credentials from memory, as n8n's CredentialsHelper does from its database. */
class InMemoryCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentials: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(_credentials: ICredentialDataDecryptedObject, _type: string, options: IHttpRequestOptions | IRequestOptionsSimplified) {
		return options as IHttpRequestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('Encrypted credentials are not available in these tests');
	}

	async getDecrypted(_additionalData: IWorkflowExecuteAdditionalData, _details: INodeCredentialsDetails, type: string) {
		const found = this.credentials[type];
		if (!found) throw new Error(`No credentials of type ${type} in this test workflow`);
		return found;
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(): INodeProperties[] {
		return [];
	}
}

function additionalDataFor(workflow: EngineWorkflow, hooks: ExecutionLifecycleHooks): IWorkflowExecuteAdditionalData {
	const credentials = workflow.credentials ?? {};
	const data = {
		credentialsHelper: new InMemoryCredentialsHelper(credentials),
		hooks,
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not available in these tests');
		},
		getRunExecutionData: async () => undefined,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		userId: 'test-user',
		variables: {},
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('Code nodes are not available in these tests');
		},
	};
	return data as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * Delivers one HTTP request to the workflow's trigger (its `webhook()` in a real WebhookContext) and, when the
 * trigger returns workflow data, runs the workflow from there with WorkflowExecute.
 */
export async function deliverWebhook(
	definition: EngineWorkflow,
	triggerName: string,
	request: FakeHttpRequest,
): Promise<WebhookRunResult> {
	await sharedDeduplicator();
	const nodeTypes = new NodeTypesRegistry(definition.nodeTypes);
	const workflow = new Workflow({
		id: definition.id ?? 'wf-test',
		name: 'test workflow',
		nodes: definition.nodes,
		connections: definition.connections,
		active: true,
		nodeTypes,
		staticData: definition.staticData ?? {},
		settings: { executionOrder: 'v1' },
	});
	const workflowData = {
		id: workflow.id,
		name: workflow.name ?? 'test workflow',
		active: true,
		activeVersionId: null,
		isArchived: false,
		nodes: definition.nodes,
		connections: definition.connections,
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const hooks = new ExecutionLifecycleHooks('webhook', 'execution-1', workflowData);
	const additionalData = additionalDataFor(definition, hooks);

	const trigger = workflow.getNode(triggerName);
	if (!trigger) throw new Error(`No node named ${triggerName}`);
	const triggerType = nodeTypes.getByNameAndVersion(trigger.type);
	const webhookDescription = triggerType.description.webhooks?.find((hook) => hook.name === 'default');
	if (!webhookDescription) throw new Error(`${triggerName} has no default webhook`);

	const response = new RecordedResponse();
	const httpRequest = {
		method: request.method ?? 'POST',
		headers: request.headers,
		rawBody: request.rawBody,
		body: request.body ?? {},
		query: request.query ?? {},
		params: {},
		readRawBody: async () => undefined,
	};
	const webhookData: IWebhookData = {
		httpMethod: (request.method ?? 'POST') as IWebhookData['httpMethod'],
		node: trigger.name,
		path: String(webhookDescription.path),
		webhookDescription,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: trigger.webhookId,
		staticData: workflow.staticData,
	};
	const context = new WebhookContext(workflow, trigger, additionalData, 'webhook', webhookData, [], null);
	Object.assign(context, {
		getRequestObject: () => httpRequest,
		getResponseObject: () => response,
	});
	// WebhookContext reads the request from additionalData.httpRequest / httpResponse.
	Object.assign(additionalData, { httpRequest, httpResponse: response });

	if (!triggerType.webhook) throw new Error(`${trigger.type} is not a webhook trigger`);
	const webhook = await triggerType.webhook.call(context);
	if (!webhook.workflowData) return { webhook, response };

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: trigger, data: { main: webhook.workflowData }, source: null }],
		},
	});
	const run = await new WorkflowExecute(additionalData, 'webhook', runExecutionData).processRunExecutionData(workflow);
	return { webhook, response, run };
}

/** The items a node put out in the (last) run, per output. */
export function outputOf(run: IRun, nodeName: string): Array<Array<Record<string, unknown>>> {
	const tasks = run.data.resultData.runData[nodeName];
	if (!tasks?.length) return [];
	const task = tasks[tasks.length - 1];
	if (task.error) throw task.error;
	return (task.data?.main ?? []).map((items) => (items ?? []).map((item) => item.json as Record<string, unknown>));
}

export interface PollRunResult {
	/** What `poll()` returned: items per output, or null when it had nothing to report. */
	output: INodeExecutionData[][] | null;
	/** The execution n8n starts with the poll's items (undefined when `poll()` returned null). */
	run?: IRun;
}

/**
 * Runs a polling trigger's `poll()` once in a real PollContext, the way n8n's poller does at each Poll Time
 * (`mode: 'trigger'`) or for "Fetch Test Event" in the editor (`mode: 'manual'`), and, when it returns items,
 * runs the workflow from there with WorkflowExecute.
 */
export async function pollWorkflow(
	definition: EngineWorkflow,
	triggerName: string,
	options: { mode?: 'trigger' | 'manual' } = {},
): Promise<PollRunResult> {
	await sharedDeduplicator();
	const nodeTypes = new NodeTypesRegistry(definition.nodeTypes);
	const workflow = new Workflow({
		id: definition.id ?? 'wf-test',
		name: 'test workflow',
		nodes: definition.nodes,
		connections: definition.connections,
		active: true,
		nodeTypes,
		staticData: definition.staticData ?? {},
		settings: { executionOrder: 'v1', timezone: 'UTC' },
	});
	const workflowData = {
		id: workflow.id,
		name: workflow.name ?? 'test workflow',
		active: true,
		activeVersionId: null,
		isArchived: false,
		nodes: definition.nodes,
		connections: definition.connections,
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const mode = options.mode ?? 'trigger';
	const hooks = new ExecutionLifecycleHooks(mode, 'execution-poll', workflowData);
	const additionalData = additionalDataFor(definition, hooks);
	const trigger = workflow.getNode(triggerName);
	if (!trigger) throw new Error(`No node named ${triggerName}`);
	const triggerType = nodeTypes.getByNameAndVersion(trigger.type);
	if (!triggerType.poll) throw new Error(`${trigger.type} is not a polling trigger`);
	const context = new PollContext(workflow, trigger, additionalData, mode, 'activate');
	const output = await triggerType.poll.call(context);
	if (!output) return { output: null };
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: trigger, data: { main: output }, source: null }] },
	});
	const run = await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	return { output, run };
}
