// How the broker panels follow what the engine reports about a broker, without knowing its events.
import type { SysSnapshot } from '$lib/shared/broker/sys-snapshot';
import { on } from './engine';

/** What the $SYS panel hears about. */
export interface SysFollower {
	snapshot(snapshot: SysSnapshot): void;
	/** $SYS could not be watched, or the broker published nothing there. */
	unavailable(reason: string): void;
}

/** Follows a profile's $SYS readings until the returned function is called. */
export function followSys(profileId: string, follower: SysFollower): () => void {
	const offSnapshot = on('sys', profileId, (event) => follower.snapshot(event.snapshot));
	const offUnavailable = on('sys-unavailable', profileId, (event) =>
		follower.unavailable(event.reason)
	);
	return () => {
		offSnapshot();
		offUnavailable();
	};
}

/** Follows the progress of a profile's long task (e.g. 'clear-retained') until the returned function is called. */
export function followProgress(
	profileId: string,
	task: string,
	progress: (done: number, total: number) => void
): () => void {
	return on('progress', profileId, (event) => {
		if (event.task === task) progress(event.done, event.total);
	});
}
