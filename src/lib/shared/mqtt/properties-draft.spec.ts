import { describe, expect, it } from 'vitest';
import {
	buildProperties,
	draftFromProperties,
	emptyPropertiesDraft,
	type PropertiesDraft
} from './properties-draft';

const draft = (changes: Partial<PropertiesDraft>): PropertiesDraft => ({
	...emptyPropertiesDraft(),
	...changes
});

describe('buildProperties', () => {
	it('sends nothing for an empty draft', () => {
		expect(buildProperties(emptyPropertiesDraft())).toEqual({ properties: undefined });
	});

	it('converts every field, repeated user property keys becoming arrays', () => {
		const result = buildProperties(
			draft({
				contentType: 'application/json',
				payloadFormatIndicator: true,
				messageExpiryInterval: '60',
				topicAlias: '3',
				responseTopic: 'replies/me',
				correlationData: 'req-1',
				userProperties: [
					{ key: 'a', value: '1' },
					{ key: 'b', value: '2' },
					{ key: 'a', value: '3' },
					{ key: '', value: '' }
				]
			})
		);
		expect(result).toEqual({
			properties: {
				contentType: 'application/json',
				payloadFormatIndicator: true,
				messageExpiryInterval: 60,
				topicAlias: 3,
				responseTopic: 'replies/me',
				correlationData: new TextEncoder().encode('req-1'),
				userProperties: { a: ['1', '3'], b: '2' }
			}
		});
	});

	it('reads correlation data as hex when asked', () => {
		const result = buildProperties(draft({ correlationData: '00 ff', correlationFormat: 'hex' }));
		expect(result).toEqual({ properties: { correlationData: new Uint8Array([0, 255]) } });
		expect(buildProperties(draft({ correlationData: '0', correlationFormat: 'hex' }))).toEqual({
			error: expect.stringMatching(/^Correlation data: Hex must have an even number/)
		});
	});

	it.each([
		[{ topicAlias: '0' }, /^Topic alias must be a whole number from 1 to 65,535/],
		[{ topicAlias: '1.5' }, /^Topic alias/],
		[{ messageExpiryInterval: '-1' }, /^Message expiry must be a whole number from 0/],
		[{ messageExpiryInterval: '4294967296' }, /^Message expiry/],
		[{ responseTopic: 'a/+' }, /cannot contain/],
		[{ userProperties: [{ key: '', value: 'x' }] }, /needs a name/]
	])('explains %j', (changes, message) => {
		expect(buildProperties(draft(changes))).toEqual({ error: expect.stringMatching(message) });
	});

	it('loads properties back into an equal draft', () => {
		const original = draft({
			contentType: 'text/plain',
			messageExpiryInterval: '10',
			correlationData: '00 01',
			correlationFormat: 'hex',
			userProperties: [
				{ key: 'a', value: '1' },
				{ key: 'a', value: '2' }
			]
		});
		const built = buildProperties(original);
		if (!('properties' in built)) throw new Error(built.error);
		expect(draftFromProperties(built.properties)).toEqual(original);
	});
});
