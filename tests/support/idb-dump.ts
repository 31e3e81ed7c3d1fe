/**
 * Everything the app keeps in IndexedDB, as one text to search: every store of every database of
 * the page's origin, keys and values, with byte arrays decoded as UTF-8 (a password kept as bytes
 * would show) and CryptoKeys named, not opened (their material is not reachable, by design).
 */
import type { Page } from '@playwright/test';

/** Dumps all of the origin's IndexedDB databases as text. */
export function dumpIndexedDb(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const text = (value: unknown): string =>
			JSON.stringify(value, (_key, v: unknown) => {
				if (v instanceof CryptoKey) return `[CryptoKey ${v.type} extractable=${v.extractable}]`;
				if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
					const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer);
					return `[bytes ${new TextDecoder().decode(bytes)}]`;
				}
				return v;
			});
		const request = <T>(r: IDBRequest<T>) =>
			new Promise<T>((resolve, reject) => {
				r.onsuccess = () => resolve(r.result);
				r.onerror = () => reject(r.error);
			});
		const parts: string[] = [];
		for (const { name } of await indexedDB.databases()) {
			if (!name) continue;
			const db = await request(indexedDB.open(name));
			for (const store of db.objectStoreNames) {
				const tx = db.transaction(store, 'readonly');
				const keys = await request(tx.objectStore(store).getAllKeys());
				const values = await request(tx.objectStore(store).getAll());
				parts.push(`## ${name}/${store}`, text(keys), text(values));
			}
			db.close();
		}
		return parts.join('\n');
	});
}
