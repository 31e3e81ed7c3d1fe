// The one bridge between the UI thread and the engine worker: commands through Comlink, events
// routed by type and profile, and a watch that restarts a worker that stopped.
import * as Comlink from 'comlink';
import type {
	EngineApi,
	EngineEvent,
	EngineEventOf,
	EngineEventType
} from '$lib/shared/engine-api';
import { EngineEndpoint } from './engine-endpoint';

/** Subscribes a handler to the events of every profile (and app-wide ones). */
export const anyProfile = Symbol('any profile');

/** Which profile's events a handler wants: one id, null for app-wide ones, or anyProfile. */
export type ProfileScope = string | null | typeof anyProfile;

/** How often the page asks the worker whether it still answers. */
const HEARTBEAT_MS = 2000;
/** Heartbeats in a row without an answer before the worker is taken for dead (about 10 s). */
const MISSED_BEATS = 5;

interface Route {
	profileId: ProfileScope;
	handler: (event: EngineEvent) => void;
}

const routes = new Map<EngineEventType, Set<Route>>();
/** Called after a restart with when the stopped worker was last heard from (ms since the epoch). */
type RestartListener = (lastHeard: number) => void | Promise<void>;

const restartListeners = new Set<RestartListener>();

interface Running {
	worker: Worker;
	endpoint: EngineEndpoint;
	remote: Comlink.Remote<EngineApi>;
	heartbeat: ReturnType<typeof setInterval>;
	/** When the worker last answered a ping or sent events. */
	lastHeard: number;
}

let running: Running | undefined;

function deliver(events: EngineEvent[]): void {
	if (running) running.lastHeard = Date.now();
	for (const event of events) {
		const wanted = routes.get(event.type);
		if (!wanted) continue;
		for (const route of wanted) {
			if (route.profileId === anyProfile || route.profileId === event.profileId) {
				route.handler(event);
			}
		}
	}
}

function startEngine(): Running {
	const worker = new Worker(new URL('../engine/worker.ts', import.meta.url), {
		type: 'module',
		name: 'mqtt-scope-engine'
	});
	const endpoint = new EngineEndpoint(worker);
	const remote = Comlink.wrap<EngineApi>(endpoint);
	void remote.listen(Comlink.proxy(deliver));
	const started: Running = {
		worker,
		endpoint,
		remote,
		heartbeat: 0 as never,
		lastHeard: Date.now()
	};
	// A worker that throws outside a command, or whose messages cannot be read, has lost its
	// state: start again. A terminated one (crash, out of memory) says nothing: the heartbeat
	// notices that it no longer answers.
	worker.onerror = () => restart(started);
	worker.onmessageerror = () => restart(started);
	let missed = 0;
	let waiting = false;
	started.heartbeat = setInterval(() => {
		if (waiting && ++missed >= MISSED_BEATS) {
			restart(started);
			return;
		}
		if (waiting) return;
		waiting = true;
		void remote.ping().then(
			() => {
				waiting = false;
				missed = 0;
				started.lastHeard = Date.now();
			},
			() => undefined
		);
	}, HEARTBEAT_MS);
	return started;
}

/** Ends a stopped worker and starts a new one; state classes reconnect through onRestart. */
function restart(stopped: Running): void {
	if (running !== stopped) return; // already restarted
	clearInterval(stopped.heartbeat);
	stopped.worker.terminate();
	stopped.endpoint.failPending('The engine stopped before it answered.');
	running = startEngine();
	for (const listener of restartListeners) void listener(stopped.lastHeard);
}

/** The engine worker, started on first use. */
export function engine(): Comlink.Remote<EngineApi> {
	running ??= startEngine();
	return running.remote;
}

/**
 * Calls `handler` with each event of `type` about `profileId` (null: app-wide events;
 * anyProfile: all) until the returned function is called.
 */
export function on<T extends EngineEventType>(
	type: T,
	profileId: ProfileScope,
	handler: (event: EngineEventOf<T>) => void
): () => void {
	engine();
	const route: Route = { profileId, handler: handler as (event: EngineEvent) => void };
	let wanted = routes.get(type);
	if (!wanted) routes.set(type, (wanted = new Set()));
	wanted.add(route);
	return () => wanted.delete(route);
}

/**
 * Calls `listener` after the engine worker stopped and a new one started in its place, with when
 * the stopped one was last heard from.
 */
export function onEngineRestart(listener: RestartListener): () => void {
	restartListeners.add(listener);
	return () => restartListeners.delete(listener);
}
