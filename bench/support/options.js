// @ts-check
/**
 * The benchmarks' command line, read one way: each script gives its usage text and a table of
 * its options (name → how to read it); `-h`/`--help` prints the usage, and an unknown option or
 * a bad value prints what is wrong and the usage, exit code 2, instead of a stack trace.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * How one option is given and read: a value after the name (`string`) or the name alone
 * (`boolean`), its default, and what the script gets from it (throws on a bad value).
 * @template T
 * @typedef {object} Option
 * @property {'string' | 'boolean'} type
 * @property {string | boolean} [default]
 * @property {(value: any, name: string) => T} read
 */

/**
 * Reads `value` as a whole number above zero; the error names the option.
 * @param {string | undefined} value
 * @param {string} name
 * @returns {number}
 */
export function positiveInt(value, name) {
	const n = Number(value);
	if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
	return n;
}

/**
 * An option with a value, `fallback` when it is not given, read by `read`.
 * @template T
 * @param {string | undefined} fallback
 * @param {(value: string, name: string) => T} read
 * @returns {Option<T>}
 */
export function valued(fallback, read) {
	return { type: 'string', ...(fallback === undefined ? {} : { default: fallback }), read };
}

/**
 * A positive whole number, `fallback` when not given.
 * @param {string} fallback
 * @returns {Option<number>}
 */
export const count = (fallback) => valued(fallback, positiveInt);

/**
 * A positive whole number, or undefined when not given.
 * @returns {Option<number | undefined>}
 */
export const optionalCount = () =>
	valued(undefined, (value, name) => (value === undefined ? undefined : positiveInt(value, name)));

/**
 * Free text, or undefined when not given.
 * @returns {Option<string | undefined>}
 */
export const optionalText = () => valued(undefined, (value) => value);

/**
 * A directory, made absolute; undefined when not given.
 * @returns {Option<string | undefined>}
 */
export const directory = () => valued(undefined, (value) => (value ? resolve(value) : undefined));

/**
 * A switch without a value: true when given.
 * @returns {Option<boolean>}
 */
export const flag = () => ({ type: 'boolean', default: false, read: (value) => value });

/**
 * Reads the command line against `table`; prints `usage` and exits on `--help` (code 0) or on a
 * bad command line (code 2, with what is wrong).
 * @template {Record<string, Option<any>>} T
 * @param {string} usage
 * @param {T} table
 * @param {string[]} [args] the arguments (default: this process's)
 * @returns {{ [K in keyof T]: T[K] extends Option<infer V> ? V : never }}
 */
export function parseOptions(usage, table, args = process.argv.slice(2)) {
	/** @type {Record<string, { type: 'string' | 'boolean', default?: string | boolean, short?: string }>} */
	const spec = { help: { type: 'boolean', short: 'h', default: false } };
	for (const [name, option] of Object.entries(table)) {
		spec[name] = { type: option.type, ...('default' in option ? { default: option.default } : {}) };
	}
	try {
		const { values } = parseArgs({ args, options: spec });
		if (values.help) {
			console.log(usage);
			process.exit(0);
		}
		return /** @type {any} */ (
			Object.fromEntries(
				Object.entries(table).map(([name, option]) => [name, option.read(values[name], name)])
			)
		);
	} catch (error) {
		console.error(`${error instanceof Error ? error.message : error}\n\n${usage}`);
		process.exit(2);
	}
}
