/** Explains a failed IndexedDB write in words. */
export function describeStorageError(error: unknown): string {
	const name = (error as { name?: string } | undefined)?.name;
	if (name === 'QuotaExceededError') return 'the browser’s storage for this site is full.';
	return error instanceof Error ? error.message : String(error);
}
