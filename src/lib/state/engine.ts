// The one bridge between the UI thread and the engine worker.
import * as Comlink from 'comlink';
import type { EngineApi, EngineEvent, EngineListener } from '$lib/shared/engine-api';

const listeners = new Set<EngineListener>();

function startEngine(): Comlink.Remote<EngineApi> {
	const worker = new Worker(new URL('../engine/worker.ts', import.meta.url), {
		type: 'module',
		name: 'mqtt-scope-engine'
	});
	const remote = Comlink.wrap<EngineApi>(worker);
	void remote.listen(
		Comlink.proxy((events: EngineEvent[]) => {
			for (const listener of listeners) listener(events);
		})
	);
	return remote;
}

let remote: Comlink.Remote<EngineApi> | undefined;

/** The engine worker, started on first use. */
export function engine(): Comlink.Remote<EngineApi> {
	remote ??= startEngine();
	return remote;
}

/** Receives every batch of engine events until the returned function is called. */
export function onEngineEvents(listener: EngineListener): () => void {
	engine();
	listeners.add(listener);
	return () => listeners.delete(listener);
}
