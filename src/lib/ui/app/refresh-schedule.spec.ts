import { describe, expect, it } from 'vitest';
import { RefreshSchedule, type RefreshHost } from './refresh-schedule';

/** A page with a hand-driven clock: timers and microtasks run only when the test says so. */
function fakePage() {
	let time = 0;
	let soon: (() => void)[] = [];
	let timers: { at: number; callback: () => void }[] = [];
	const host: RefreshHost = {
		timer: (callback, ms) => void timers.push({ at: time + ms, callback }),
		soon: (callback) => void soon.push(callback),
		now: () => time
	};
	return {
		host,
		get pending() {
			return soon.length + timers.length;
		},
		/** Ends the current task: its microtasks run. */
		endTask() {
			const due = soon;
			soon = [];
			for (const callback of due) callback();
		},
		/** Moves the clock on and fires the timers that are due. */
		advance(ms: number) {
			time += ms;
			const due = timers.filter((t) => t.at <= time);
			timers = timers.filter((t) => t.at > time);
			for (const t of due) t.callback();
		}
	};
}

describe('RefreshSchedule', () => {
	it('shows what one task changed together, once each, when the task ends', () => {
		const page = fakePage();
		const schedule = new RefreshSchedule(page.host, 250);
		const shown: string[] = [];
		const a = () => shown.push('a');
		const b = () => shown.push('b');
		schedule.request(a);
		schedule.request(b);
		schedule.request(a);
		expect(shown).toEqual([]);
		page.endTask();
		expect(shown).toEqual(['a', 'b']);
		expect(page.pending).toBe(0);
	});

	it('holds later changes for the rest of the interval, then shows them all in one go', () => {
		const page = fakePage();
		const schedule = new RefreshSchedule(page.host, 250);
		const shown: string[] = [];
		schedule.request(() => shown.push('first'));
		page.endTask();
		page.advance(100);
		// Two tiles changed by two batches 100 ms apart still show in the same refresh.
		schedule.request(() => shown.push('a'));
		page.endTask();
		page.advance(100);
		schedule.request(() => shown.push('b'));
		page.endTask();
		expect(shown).toEqual(['first']);
		page.advance(49);
		expect(shown).toEqual(['first']);
		page.advance(1);
		expect(shown).toEqual(['first', 'a', 'b']);
		// An interval after that refresh, a change shows as its task ends again.
		page.advance(250);
		schedule.request(() => shown.push('c'));
		page.endTask();
		expect(shown).toEqual(['first', 'a', 'b', 'c']);
	});

	it('drops a withdrawn request and runs nothing for it', () => {
		const page = fakePage();
		const schedule = new RefreshSchedule(page.host, 250);
		const shown: string[] = [];
		const gone = () => shown.push('gone');
		schedule.request(gone);
		schedule.cancel(gone);
		page.endTask();
		expect(shown).toEqual([]);
		// Nothing was shown, so the next change is not held back.
		schedule.request(() => shown.push('next'));
		page.endTask();
		expect(shown).toEqual(['next']);
	});

	it('shows the other tiles when one throws, and reports the error', () => {
		const page = fakePage();
		const schedule = new RefreshSchedule(page.host, 250);
		const shown: string[] = [];
		schedule.request(() => {
			throw new Error('broken tile');
		});
		schedule.request(() => shown.push('b'));
		expect(() => page.endTask()).toThrow('broken tile');
		expect(shown).toEqual(['b']);
	});

	it('runs a slow update with a refresh made shortly before it is due, not on its own', () => {
		const page = fakePage();
		const schedule = new RefreshSchedule(page.host, 250);
		const shown: string[] = [];
		schedule.requestBy(() => shown.push('clock'), 1000);
		page.advance(700);
		// A refresh over an interval before the deadline leaves it waiting.
		schedule.request(() => shown.push('tile 1'));
		page.endTask();
		expect(shown).toEqual(['tile 1']);
		page.advance(200);
		schedule.request(() => shown.push('tile 2'));
		page.advance(49);
		expect(shown).toEqual(['tile 1']);
		// The next one, within the interval before the deadline, takes it along: one pass.
		page.advance(1);
		expect(shown).toEqual(['tile 1', 'tile 2', 'clock']);
		page.advance(1000);
		expect(shown).toEqual(['tile 1', 'tile 2', 'clock']);
		expect(page.pending).toBe(0);
	});

	it('runs a slow update on its own when no refresh comes by its deadline', () => {
		const page = fakePage();
		const schedule = new RefreshSchedule(page.host, 250);
		const shown: string[] = [];
		const legend = () => shown.push('legend');
		schedule.requestBy(legend, 1000);
		schedule.requestBy(legend, 1000);
		page.advance(999);
		expect(shown).toEqual([]);
		page.advance(1);
		expect(shown).toEqual(['legend']);
		// It did not hold back the live updates after it.
		schedule.request(() => shown.push('tile'));
		page.endTask();
		expect(shown).toEqual(['legend', 'tile']);
	});

	it('ticks a clock by every interval, with refreshes when they come, until stopped', () => {
		const page = fakePage();
		const schedule = new RefreshSchedule(page.host, 250);
		const ticks: number[] = [];
		let time = 0;
		const stop = schedule.every(1000, () => ticks.push(time));
		time = 1000;
		page.advance(1000);
		expect(ticks).toEqual([1000]);
		time = 1800;
		page.advance(800);
		schedule.request(() => undefined);
		page.endTask();
		// The refresh at 1,800 ms came within an interval of the next tick: the clock went along.
		expect(ticks).toEqual([1000, 1800]);
		stop();
		time = 5000;
		page.advance(3200);
		expect(ticks).toEqual([1000, 1800]);
	});
});
