import { describe, expect, it } from 'vitest';
import { ScreenGate } from './screen-gate';

/** A gate over a counter of requests and a flag for a waiting one. */
function counted() {
	const log = { requests: 0, cancels: 0, waiting: false };
	const gate = new ScreenGate(
		() => {
			log.requests++;
			log.waiting = true;
		},
		() => {
			log.cancels++;
			const was = log.waiting;
			log.waiting = false;
			return was;
		}
	);
	return { gate, log };
}

describe('ScreenGate', () => {
	it('passes requests on while the chart is on screen', () => {
		const { gate, log } = counted();
		gate.want();
		gate.want();
		expect(log.requests).toBe(2);
		expect(gate.onScreen).toBe(true);
	});

	it('holds requests while off screen and asks once when the chart shows', () => {
		const { gate, log } = counted();
		gate.seen(false);
		gate.want();
		gate.want();
		gate.want();
		expect(log.requests).toBe(0);
		gate.seen(true);
		expect(log.requests).toBe(1);
		// Shown again without anything new: no redraw.
		log.waiting = false; // the redraw ran
		gate.seen(false);
		gate.seen(true);
		expect(log.requests).toBe(1);
	});

	it('withdraws a waiting request when the chart leaves and makes it again on return', () => {
		const { gate, log } = counted();
		gate.want();
		expect(log.waiting).toBe(true);
		gate.seen(false);
		expect(log.waiting).toBe(false);
		expect(log.cancels).toBe(1);
		gate.seen(true);
		expect(log.waiting).toBe(true);
		expect(log.requests).toBe(2);
	});

	it('asks for nothing when nothing was wanted while it was away', () => {
		const { gate, log } = counted();
		gate.seen(true);
		expect(log.requests).toBe(0);
		gate.seen(false);
		gate.seen(true);
		expect(log.requests).toBe(0);
	});
});
