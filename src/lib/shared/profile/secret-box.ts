/**
 * Sealing small secrets (remembered broker passwords) with Web Crypto: AES-GCM boxes under a
 * device key that never leaves the browser's key store, and a key derived from an optional app
 * passcode with PBKDF2. Pure: no storage, no DOM; the same code runs in Node's Web Crypto in tests.
 */

/** An AES-GCM ciphertext with the 12-byte IV it was sealed under. */
export interface SealedBox {
	iv: Uint8Array<ArrayBuffer>;
	data: Uint8Array<ArrayBuffer>;
}

/** What is kept of a passcode: never the passcode or its key, only the salt and a sealed check. */
export interface PasscodeRecord {
	salt: Uint8Array<ArrayBuffer>;
	iterations: number;
	/** VERIFIER_TEXT sealed under the derived key: opening it proves the passcode right. */
	verifier: SealedBox;
}

/**
 * PBKDF2-SHA-256 rounds for a passcode (OWASP's 2023 figure): about a second on a phone, so a
 * copied database costs an attacker that much per guess.
 */
export const PASSCODE_ITERATIONS = 600_000;

/** Shortest passcode the app accepts, in characters. */
export const MIN_PASSCODE_LENGTH = 4;

const VERIFIER_TEXT = 'mqtt-scope passcode check v1';
const AES = { name: 'AES-GCM', length: 256 } as const;

/**
 * A fresh AES-GCM key that cannot be exported: stored in IndexedDB it stays a handle into the
 * browser's key store, so a copy of the database files alone cannot open what it sealed.
 */
export function newDeviceKey(): Promise<CryptoKey> {
	return crypto.subtle.generateKey(AES, false, ['encrypt', 'decrypt']);
}

/** Seals bytes under a key with a fresh random IV. */
export async function sealBytes(
	key: CryptoKey,
	bytes: Uint8Array<ArrayBuffer>
): Promise<SealedBox> {
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, bytes));
	return { iv, data };
}

/** Opens a box sealed by sealBytes; rejects when the key is wrong or the box was altered. */
export async function openBytes(key: CryptoKey, box: SealedBox): Promise<Uint8Array<ArrayBuffer>> {
	return new Uint8Array(
		await crypto.subtle.decrypt({ name: 'AES-GCM', iv: box.iv }, key, box.data)
	);
}

/** Seals a text (a password) under a key. */
export function sealText(key: CryptoKey, text: string): Promise<SealedBox> {
	return sealBytes(key, new TextEncoder().encode(text));
}

/** Opens a text sealed by sealText; rejects when the key is wrong or the box was altered. */
export async function openText(key: CryptoKey, box: SealedBox): Promise<string> {
	return new TextDecoder().decode(await openBytes(key, box));
}

/**
 * Seals a text under the device key and, when a passcode key is given, under that one first:
 * the passcode layer keeps it from whoever holds the unlocked browser, the device layer keeps a
 * copied database from being attacked with passcode guesses alone.
 */
export async function sealSecret(
	deviceKey: CryptoKey,
	text: string,
	passcodeKey?: CryptoKey
): Promise<SealedBox> {
	const inner = new TextEncoder().encode(text);
	if (!passcodeKey) return sealBytes(deviceKey, inner);
	return sealBytes(deviceKey, packBox(await sealBytes(passcodeKey, inner)));
}

/** Opens what sealSecret sealed, with the same keys; rejects on a wrong key. */
export async function openSecret(
	deviceKey: CryptoKey,
	box: SealedBox,
	passcodeKey?: CryptoKey
): Promise<string> {
	const outer = await openBytes(deviceKey, box);
	const inner = passcodeKey ? await openBytes(passcodeKey, unpackBox(outer)) : outer;
	return new TextDecoder().decode(inner);
}

/** The AES-GCM key a passcode stands for, derived with PBKDF2 and never extractable. */
export async function derivePasscodeKey(
	passcode: string,
	salt: Uint8Array<ArrayBuffer>,
	iterations = PASSCODE_ITERATIONS
): Promise<CryptoKey> {
	const material = await crypto.subtle.importKey(
		'raw',
		new TextEncoder().encode(passcode),
		'PBKDF2',
		false,
		['deriveKey']
	);
	return crypto.subtle.deriveKey(
		{ name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
		material,
		AES,
		false,
		['encrypt', 'decrypt']
	);
}

/** A new passcode: its key (to keep in memory only) and the record to store. */
export async function createPasscode(
	passcode: string,
	iterations = PASSCODE_ITERATIONS
): Promise<{ key: CryptoKey; record: PasscodeRecord }> {
	const salt = crypto.getRandomValues(new Uint8Array(16));
	const key = await derivePasscodeKey(passcode, salt, iterations);
	return { key, record: { salt, iterations, verifier: await sealText(key, VERIFIER_TEXT) } };
}

/** The passcode's key when the passcode is right, undefined when it is wrong. */
export async function unlockPasscode(
	passcode: string,
	record: PasscodeRecord
): Promise<CryptoKey | undefined> {
	const key = await derivePasscodeKey(passcode, record.salt, record.iterations);
	try {
		return (await openText(key, record.verifier)) === VERIFIER_TEXT ? key : undefined;
	} catch {
		return undefined; // AES-GCM's tag check failed: another passcode
	}
}

/** Why a new passcode cannot be used, in the user's words; undefined when it can. */
export function passcodeProblem(passcode: string, repeated: string): string | undefined {
	if (passcode.length < MIN_PASSCODE_LENGTH) {
		return `A passcode has at least ${MIN_PASSCODE_LENGTH} characters.`;
	}
	if (passcode !== repeated) return 'The two passcodes differ: type the same one twice.';
	return undefined;
}

/** One box as bytes: the 12-byte IV, then the ciphertext. */
function packBox(box: SealedBox): Uint8Array<ArrayBuffer> {
	const bytes = new Uint8Array(box.iv.length + box.data.length);
	bytes.set(box.iv);
	bytes.set(box.data, box.iv.length);
	return bytes;
}

function unpackBox(bytes: Uint8Array<ArrayBuffer>): SealedBox {
	return { iv: bytes.slice(0, 12), data: bytes.slice(12) };
}
