/** Explains a failed IndexedDB write in words. */
export function describeStorageError(error: unknown): string {
	const name = (error as { name?: string } | undefined)?.name;
	if (name === 'QuotaExceededError') return 'the browser’s storage for this site is full.';
	return error instanceof Error ? error.message : String(error);
}

/**
 * Explains a failed history write. Those messages were not acknowledged (see ack-gate.ts), so
 * with a kept session the broker still holds the QoS 1 and 2 ones: the words say so.
 */
export function describeUnsavedMessages(error: unknown): string {
	const name = (error as { name?: string } | undefined)?.name;
	if (name !== 'QuotaExceededError') {
		return `Messages could not be saved: ${describeStorageError(error)}`;
	}
	return (
		'Storage is full: new messages are not being saved. They are not acknowledged either, so ' +
		'with clean start off the broker keeps the QoS 1 and 2 ones and sends them again when you ' +
		'reconnect. Free some space (export, then clear history, or lower the retention limits), ' +
		'then disconnect and connect.'
	);
}
