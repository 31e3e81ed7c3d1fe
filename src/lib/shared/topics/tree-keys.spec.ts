import { describe, expect, it } from 'vitest';
import { TREE_KEYS, treeKeyAction, type TreeKeyRow } from './tree-keys';

const leaf: TreeKeyRow = { index: 3, hasChildren: false, expanded: false, depth: 1 };
const closed: TreeKeyRow = { index: 3, hasChildren: true, expanded: false, depth: 1 };
const open: TreeKeyRow = { index: 3, hasChildren: true, expanded: true, depth: 1 };

describe('treeKeyAction', () => {
	it('moves up and down one row, stopping at the ends', () => {
		expect(treeKeyAction('ArrowDown', leaf, 10)).toEqual({ kind: 'focus', index: 4 });
		expect(treeKeyAction('ArrowUp', leaf, 10)).toEqual({ kind: 'focus', index: 2 });
		expect(treeKeyAction('ArrowDown', { ...leaf, index: 9 }, 10)).toEqual({
			kind: 'focus',
			index: 9
		});
		expect(treeKeyAction('ArrowUp', { ...leaf, index: 0 }, 10)).toEqual({
			kind: 'focus',
			index: 0
		});
	});

	it('jumps to the first and last rows with Home and End', () => {
		expect(treeKeyAction('Home', leaf, 10)).toEqual({ kind: 'focus', index: 0 });
		expect(treeKeyAction('End', leaf, 10)).toEqual({ kind: 'focus', index: 9 });
	});

	it('opens a closed level with ArrowRight, then enters it', () => {
		expect(treeKeyAction('ArrowRight', closed, 10)).toEqual({ kind: 'expand' });
		expect(treeKeyAction('ArrowRight', open, 10)).toEqual({ kind: 'focus', index: 4 });
		expect(treeKeyAction('ArrowRight', leaf, 10)).toBeUndefined();
	});

	it('closes an open level with ArrowLeft, else goes to the parent', () => {
		expect(treeKeyAction('ArrowLeft', open, 10)).toEqual({ kind: 'collapse' });
		expect(treeKeyAction('ArrowLeft', closed, 10)).toEqual({ kind: 'parent' });
		expect(treeKeyAction('ArrowLeft', leaf, 10)).toEqual({ kind: 'parent' });
		expect(treeKeyAction('ArrowLeft', { ...leaf, depth: 0 }, 10)).toBeUndefined();
	});

	it('opens the topic with Enter or Space and leaves other keys alone', () => {
		expect(treeKeyAction('Enter', leaf, 10)).toEqual({ kind: 'activate' });
		expect(treeKeyAction(' ', closed, 10)).toEqual({ kind: 'activate' });
		expect(treeKeyAction('a', leaf, 10)).toBeUndefined();
		expect(treeKeyAction('Tab', leaf, 10)).toBeUndefined();
	});
});

describe('TREE_KEYS', () => {
	it('names exactly the keys that have an action on some row', () => {
		const rows = [
			{ index: 3, depth: 1, hasChildren: true, expanded: false },
			{ index: 3, depth: 1, hasChildren: true, expanded: true }
		];
		for (const key of [
			'ArrowDown',
			'ArrowUp',
			'Home',
			'End',
			'ArrowRight',
			'ArrowLeft',
			'Enter',
			' '
		]) {
			expect(TREE_KEYS.has(key)).toBe(true);
			expect(rows.some((row) => treeKeyAction(key, row, 10))).toBe(true);
		}
		for (const key of ['a', 'Tab', 'Escape', 'PageDown']) {
			expect(TREE_KEYS.has(key)).toBe(false);
			expect(rows.some((row) => treeKeyAction(key, row, 10))).toBe(false);
		}
	});
});
