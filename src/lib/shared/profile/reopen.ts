import type { ConnectionStatus } from '../mqtt/connection-status';
import type { Profile } from './profile';

/**
 * The profiles to connect when the app opens: those that were connected when it last ran
 * (`connectedIds`), still exist, are saved (a deep link's temporary profile is not) and have
 * "reconnect when the app opens" on.
 */
export function profilesToReconnect(profiles: readonly Profile[], connectedIds: readonly string[]) {
	const wanted = new Set(connectedIds);
	return profiles.filter((p) => wanted.has(p.id) && !p.temporary && p.reconnectOnOpen !== false);
}

/** Whether a reconnect on open is over: connected, or given up. */
export function reconnectDecided(status: ConnectionStatus): boolean {
	return status.state === 'connected' || status.state === 'disconnected';
}

/**
 * What the user is told once such a connection is decided: connected, or why not. Nothing
 * while it is still trying, nor when another tab of the app has it (opening a second tab
 * leaves the first one's connections alone, as it should).
 */
export function reconnectNotice(name: string, status: ConnectionStatus): string | undefined {
	if (status.inAnotherTab) return undefined;
	if (status.state === 'connected') {
		return `Reconnected “${name}”: it was connected when the app closed.`;
	}
	if (status.state === 'disconnected') {
		const reason = status.reason ? ` ${status.reason}` : '';
		return `Could not reconnect “${name}”, which was connected when the app closed.${reason}`;
	}
	return undefined;
}
