// Runs on Node's own Web Crypto: the same AES-GCM and PBKDF2 the browser has, no stand-in.
import { describe, expect, it } from 'vitest';
import {
	createPasscode,
	derivePasscodeKey,
	newDeviceKey,
	openSecret,
	openText,
	passcodeProblem,
	PASSCODE_ITERATIONS,
	sealSecret,
	sealText,
	unlockPasscode
} from './secret-box';

const FEW = 1000; // PBKDF2 rounds for tests that are not about the round count

const contains = (haystack: Uint8Array, needle: string): boolean =>
	Buffer.from(haystack).includes(Buffer.from(needle));

describe('device key', () => {
	it('cannot be exported', async () => {
		const key = await newDeviceKey();
		expect(key.extractable).toBe(false);
		await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
	});

	it('seals a password so its bytes are not in the box, and opens it again', async () => {
		const key = await newDeviceKey();
		const box = await sealText(key, 'Zebra-Password-42');
		expect(contains(box.data, 'Zebra-Password-42')).toBe(false);
		expect(box.iv).toHaveLength(12);
		expect(await openText(key, box)).toBe('Zebra-Password-42');
	});

	it('uses a fresh IV each time, so one password seals to different boxes', async () => {
		const key = await newDeviceKey();
		const [a, b] = await Promise.all([sealText(key, 'same'), sealText(key, 'same')]);
		expect(a.iv).not.toEqual(b.iv);
		expect(a.data).not.toEqual(b.data);
	});

	it('refuses another key and an altered box', async () => {
		const key = await newDeviceKey();
		const box = await sealText(key, 'secret');
		await expect(openText(await newDeviceKey(), box)).rejects.toThrow();
		const altered = { iv: box.iv, data: box.data.slice() };
		altered.data[0] ^= 1;
		await expect(openText(key, altered)).rejects.toThrow();
	});
});

describe('passcode', () => {
	it('stores salt, rounds and a verifier, never the passcode', async () => {
		const { record } = await createPasscode('correct horse', FEW);
		expect(record.salt).toHaveLength(16);
		expect(record.iterations).toBe(FEW);
		expect(contains(record.verifier.data, 'correct horse')).toBe(false);
	});

	it('unlocks with the right passcode only', async () => {
		const { record } = await createPasscode('correct horse', FEW);
		expect(await unlockPasscode('correct horse', record)).toBeDefined();
		expect(await unlockPasscode('correct hors', record)).toBeUndefined();
		expect(await unlockPasscode('', record)).toBeUndefined();
	});

	it('derives the same key from the same passcode and salt, another from another salt', async () => {
		const { key, record } = await createPasscode('1234', FEW);
		const box = await sealText(key, 'pw');
		const again = await derivePasscodeKey('1234', record.salt, FEW);
		expect(await openText(again, box)).toBe('pw');
		const otherSalt = await derivePasscodeKey('1234', new Uint8Array(16), FEW);
		await expect(openText(otherSalt, box)).rejects.toThrow();
	});

	it('defaults to OWASP’s PBKDF2-SHA-256 round count', async () => {
		const { record } = await createPasscode('1234');
		expect(record.iterations).toBe(PASSCODE_ITERATIONS);
		expect(PASSCODE_ITERATIONS).toBeGreaterThanOrEqual(600_000);
	});

	it('explains a passcode that is too short or typed differently twice', () => {
		expect(passcodeProblem('12', '12')).toMatch(/at least 4/);
		expect(passcodeProblem('12345', '12346')).toMatch(/differ/);
		expect(passcodeProblem('12345', '12345')).toBeUndefined();
	});
});

describe('a remembered password under both keys', () => {
	it('needs the device key and the passcode key to open', async () => {
		const device = await newDeviceKey();
		const { key: passcode } = await createPasscode('1234', FEW);
		const box = await sealSecret(device, 'Zebra-Password-42', passcode);
		expect(await openSecret(device, box, passcode)).toBe('Zebra-Password-42');
		// Without the passcode the device layer opens to ciphertext, which is not the password.
		expect(await openSecret(device, box)).not.toContain('Zebra');
		await expect(openSecret(await newDeviceKey(), box, passcode)).rejects.toThrow();
		const { key: wrong } = await createPasscode('1234', FEW);
		await expect(openSecret(device, box, wrong)).rejects.toThrow();
	});

	it('needs only the device key when no passcode is set', async () => {
		const device = await newDeviceKey();
		const box = await sealSecret(device, 'p@ss wörd');
		expect(await openSecret(device, box)).toBe('p@ss wörd');
		expect(contains(box.data, 'p@ss')).toBe(false);
	});
});
