// Types for scripts/n8n-runtime.js, so the TypeScript end-to-end tests can use it.
import type { ChildProcess } from 'node:child_process';

type Log = (line: string) => void;
type Env = Record<string, string | undefined>;

export const REPO_ROOT: string;
export const RUNTIME_DIR: string;
export const NODE_BIN: string;
export const N8N_BIN: string;
export const PACKAGE_NAME: string;
export const LOCAL_ENCRYPTION_KEY: string;

export interface InstalledRuntime {
	node: string;
	n8n: string;
	nodeVersion: string;
	n8nVersion: string;
}

export interface WorkflowTemplate {
	name: string;
	file: string;
	workflow: { name?: string; id?: string; nodes: unknown[] } & Record<string, unknown>;
	sha256: string;
}

export function cleanEnv(base?: Env): Env;
export function ensureRuntime(options?: { log?: Log }): Promise<InstalledRuntime>;
export function installPackage(homeDir: string, options?: { log?: Log }): Promise<boolean>;
export function n8nEnv(options: { homeDir: string; port?: number; runnersBrokerPort?: number; extra?: Env }): Env;
export function runN8nCli(
	args: string[],
	env: Env,
	options?: { timeoutSeconds?: number },
): Promise<{ stdout: string; stderr: string }>;
export function startN8n(
	env: Env,
	options?: { args?: string[]; logFile?: string; ownProcessGroup?: boolean },
): ChildProcess;
export function waitReady(
	port: number,
	options?: { child?: ChildProcess; timeoutMs?: number; host?: string },
): Promise<void>;
export function stopN8n(child: ChildProcess | undefined, options?: { graceMs?: number }): Promise<void>;
export function findFreePort(): Promise<number>;
export function isPortInUse(port: number): Promise<boolean>;
export function findPackageLoadError(logText: string, packageName?: string): string | undefined;
export function readDeclaredTypes(packageDir?: string): Promise<{ nodeTypes: string[]; credentialTypes: string[] }>;
export function listWorkflowTemplates(dir?: string): WorkflowTemplate[];
export function importWorkflows(
	homeDir: string,
	options?: { env?: Env; dir?: string; onlyChanged?: boolean },
): Promise<Array<{ name: string; id: string }>>;
