// The keys of an ARIA tree view (WAI-ARIA Authoring Practices, "Tree View"), as decisions that
// do not depend on the DOM: the component carries them out on its virtualized rows.

/** What a key press on a tree row asks for. */
export type TreeKeyAction =
	| { kind: 'focus'; index: number }
	| { kind: 'expand' }
	| { kind: 'collapse' }
	| { kind: 'parent' }
	| { kind: 'activate' };

/** The facts about the focused row that the keys depend on. */
export interface TreeKeyRow {
	/** Position among all rows shown (expanded levels included). */
	index: number;
	hasChildren: boolean;
	expanded: boolean;
	depth: number;
}

/** The keys the tree handles; every other key keeps its default. */
export const TREE_KEYS: ReadonlySet<string> = new Set([
	'ArrowDown',
	'ArrowUp',
	'Home',
	'End',
	'ArrowRight',
	'ArrowLeft',
	'Enter',
	' '
]);

/**
 * The action for `key` on `row` in a tree of `total` rows, or undefined when the key is not the
 * tree's (it then keeps its default). Moves stop at the first and last rows.
 */
export function treeKeyAction(
	key: string,
	row: TreeKeyRow,
	total: number
): TreeKeyAction | undefined {
	const last = Math.max(0, total - 1);
	switch (key) {
		case 'ArrowDown':
			return { kind: 'focus', index: Math.min(last, row.index + 1) };
		case 'ArrowUp':
			return { kind: 'focus', index: Math.max(0, row.index - 1) };
		case 'Home':
			return { kind: 'focus', index: 0 };
		case 'End':
			return { kind: 'focus', index: last };
		case 'ArrowRight':
			if (!row.hasChildren) return undefined;
			// An open level's first child is the next row.
			return row.expanded
				? { kind: 'focus', index: Math.min(last, row.index + 1) }
				: { kind: 'expand' };
		case 'ArrowLeft':
			if (row.hasChildren && row.expanded) return { kind: 'collapse' };
			return row.depth > 0 ? { kind: 'parent' } : undefined;
		case 'Enter':
		case ' ':
			return { kind: 'activate' };
		default:
			return undefined;
	}
}
