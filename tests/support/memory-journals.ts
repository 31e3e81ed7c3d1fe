import type { JournalPlace } from '$lib/storage/journal-place';

/** Journals in memory, for unit tests: Node has no Origin Private File System. */
export function memoryJournals(): JournalPlace & { files: Map<string, Uint8Array> } {
	const files = new Map<string, Uint8Array>();
	return {
		files,
		async read(profileId) {
			return files.get(profileId) ?? new Uint8Array();
		},
		async clear(profileId) {
			if (files.has(profileId)) files.set(profileId, new Uint8Array());
		},
		async open(profileId) {
			if (!files.has(profileId)) files.set(profileId, new Uint8Array());
			return {
				append(bytes) {
					const old = files.get(profileId) ?? new Uint8Array();
					const grown = new Uint8Array(old.length + bytes.length);
					grown.set(old);
					grown.set(bytes, old.length);
					files.set(profileId, grown);
				},
				clear: () => files.set(profileId, new Uint8Array()),
				close: () => undefined
			};
		},
		async remove(profileId) {
			files.delete(profileId);
		}
	};
}
