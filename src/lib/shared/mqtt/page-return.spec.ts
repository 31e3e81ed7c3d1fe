import { describe, expect, it } from 'vitest';
import { watchPageReturn } from './page-return';

/** A document stand-in whose visibility the test sets, firing visibilitychange like a browser. */
class FakeDocument extends EventTarget {
	visibilityState: DocumentVisibilityState = 'visible';
	setVisibility(state: DocumentVisibilityState): void {
		this.visibilityState = state;
		this.dispatchEvent(new Event('visibilitychange'));
	}
}

function setup() {
	let time = 1000;
	const doc = new FakeDocument();
	const win = new EventTarget();
	const returns: number[] = [];
	let onlines = 0;
	const stop = watchPageReturn(
		{ document: doc, window: win, now: () => time },
		{ returned: (since) => returns.push(since), online: () => onlines++ }
	);
	const at = (ms: number) => (time = ms);
	const fire = (target: EventTarget, type: string) => target.dispatchEvent(new Event(type));
	return { doc, win, returns, onlines: () => onlines, stop, at, fire };
}

describe('watchPageReturn', () => {
	it('reports a return from hidden with the moment the page was hidden', () => {
		const { doc, returns, at } = setup();
		at(2000);
		doc.setVisibility('hidden');
		at(9000);
		doc.setVisibility('visible');
		expect(returns).toEqual([2000]);
	});

	it('treats hidden, frozen and resumed as one absence from its first sign, reported once', () => {
		const { doc, returns, at, fire } = setup();
		at(2000);
		doc.setVisibility('hidden');
		at(3000);
		fire(doc, 'freeze');
		at(60_000);
		fire(doc, 'resume');
		at(60_100);
		doc.setVisibility('visible');
		expect(returns).toEqual([2000]);
	});

	it('reports a freeze of a visible page (DevTools, or a page frozen in view) on resume', () => {
		const { doc, returns, at, fire } = setup();
		at(5000);
		fire(doc, 'freeze');
		at(8000);
		fire(doc, 'resume');
		expect(returns).toEqual([5000]);
	});

	it('reports a page restored from the back/forward cache', () => {
		const { win, returns, at, fire } = setup();
		at(4000);
		fire(win, 'pagehide');
		at(7000);
		fire(win, 'pageshow');
		expect(returns).toEqual([4000]);
	});

	it('ignores a return without an absence (the first pageshow of a load)', () => {
		const { win, doc, returns, fire } = setup();
		fire(win, 'pageshow');
		doc.setVisibility('visible');
		expect(returns).toEqual([]);
	});

	it('asks for a plain check when the network returns in view, not while away', () => {
		const { doc, win, returns, onlines, at, fire } = setup();
		fire(win, 'online');
		expect(onlines()).toBe(1);
		at(2000);
		doc.setVisibility('hidden');
		fire(win, 'online');
		expect(onlines()).toBe(1);
		doc.setVisibility('visible');
		expect(returns).toEqual([2000]);
	});

	it('stops listening when stopped', () => {
		const { doc, win, returns, onlines, stop, fire } = setup();
		stop();
		doc.setVisibility('hidden');
		doc.setVisibility('visible');
		fire(win, 'online');
		expect(returns).toEqual([]);
		expect(onlines()).toBe(0);
	});
});
