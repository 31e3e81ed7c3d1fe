/** A journal open for appends, by the one context that holds its lock. */
export interface JournalFile {
	/** Adds bytes at the end; they are on disk when it returns. Throws when the disk is full. */
	append(bytes: Uint8Array): void;
	/** Empties the file, on disk when it returns. */
	clear(): void;
	/** Lets go of the file. */
	close(): void;
}

/**
 * Where profiles' history journals are kept: the Origin Private File System in the app (one
 * file a profile, beside IndexedDB on the same disk), memory in unit tests.
 */
export interface JournalPlace {
	/** The bytes of a profile's journal; empty when it has none. */
	read(profileId: string): Promise<Uint8Array>;
	/** Empties a profile's journal, if it has one (for a context that is not appending to it). */
	clear(profileId: string): Promise<void>;
	/** Opens a profile's journal for appends (made if missing). */
	open(profileId: string): Promise<JournalFile>;
	/** Removes a profile's journal, if it has one. */
	remove(profileId: string): Promise<void>;
}

/** The OPFS directory of the journals. */
const DIRECTORY = 'history-journal';

/** A profile's file name: its id, escaped, so any id is one plain name. */
const fileName = (profileId: string) => `${encodeURIComponent(profileId)}.journal`;

/** The journal directory, made if missing. */
async function directory(): Promise<FileSystemDirectoryHandle> {
	const root = await navigator.storage.getDirectory();
	return root.getDirectoryHandle(DIRECTORY, { create: true });
}

/** Whether this context has the Origin Private File System (Node, in unit tests, has not). */
const available = () =>
	typeof navigator === 'object' && typeof navigator.storage?.getDirectory === 'function';

/** A profile's journal file, or undefined when it has none. */
async function existing(profileId: string): Promise<FileSystemFileHandle | undefined> {
	if (!available()) return undefined;
	try {
		return await (await directory()).getFileHandle(fileName(profileId));
	} catch (error) {
		if ((error as DOMException).name === 'NotFoundError') return undefined;
		throw error;
	}
}

/** A file opened through a dedicated worker's sync access handle: each append is flushed. */
interface SyncAccessHandle {
	write(data: Uint8Array, options: { at: number }): number;
	getSize(): number;
	truncate(size: number): void;
	flush(): void;
	close(): void;
}

/**
 * Journals in the Origin Private File System. Appends go through a sync access handle (only a
 * dedicated worker has one: the engine's); reading and emptying work in any context.
 */
export const opfsJournals: JournalPlace = {
	async read(profileId) {
		const file = await existing(profileId);
		return file ? new Uint8Array(await (await file.getFile()).arrayBuffer()) : new Uint8Array();
	},
	async clear(profileId) {
		const file = await existing(profileId);
		if (!file) return;
		const writable = await file.createWritable({ keepExistingData: false });
		await writable.close();
	},
	async open(profileId) {
		const file = await (await directory()).getFileHandle(fileName(profileId), { create: true });
		const handle: SyncAccessHandle = await (
			file as unknown as { createSyncAccessHandle(): Promise<SyncAccessHandle> }
		).createSyncAccessHandle();
		return {
			append(bytes) {
				const at = handle.getSize();
				try {
					if (handle.write(bytes, { at }) !== bytes.length) throw new Error('short write');
					handle.flush();
				} catch (error) {
					handle.truncate(at); // no half frame before the next append
					throw error;
				}
			},
			clear() {
				handle.truncate(0);
				handle.flush();
			},
			close: () => handle.close()
		};
	},
	async remove(profileId) {
		if (await existing(profileId)) await (await directory()).removeEntry(fileName(profileId));
	}
};
