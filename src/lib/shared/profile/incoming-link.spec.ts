import { describe, expect, it } from 'vitest';
import { readIncomingLink } from './incoming-link';
import { makeShareLink } from './share-link';
import { defaultDraft } from './profile';

describe('readIncomingLink', () => {
	it('opens a pasted share link as a connection to save', async () => {
		const made = await makeShareLink('https://app.example/', {
			...defaultDraft(),
			name: 'Shared one',
			url: 'wss://b.example/mqtt'
		});
		if (!('link' in made)) throw new Error(made.error);
		const result = await readIncomingLink(`  ${made.link}\n`);
		if ('error' in result) throw new Error(result.error);
		expect(result.draft).toMatchObject({ name: 'Shared one', url: 'wss://b.example/mqtt' });
		expect(result.shared).toEqual({ dashboard: undefined });
	});

	it('opens a ?url= deep link as a connection to confirm, unsaved', async () => {
		const result = await readIncomingLink('http://localhost:4173/?url=ws://h:9001&sub=a/%23');
		if ('error' in result) throw new Error(result.error);
		expect(result.draft.subscriptions).toEqual([{ filter: 'a/#', qos: 0 }]);
		expect(result.shared).toBeUndefined();
	});

	it('says why a link cannot be opened', async () => {
		expect(await readIncomingLink('')).toEqual({ error: 'Paste a link first.' });
		expect(await readIncomingLink('https://example.com/page')).toEqual({
			error: expect.stringMatching(/not an mqtt-scope connection link/)
		});
		expect(await readIncomingLink('https://a/#share=9.abc')).toEqual({
			error: expect.stringMatching(/newer mqtt-scope/)
		});
	});
});
