import { describe, expect, it } from 'vitest';
import { importedScripts, reachableScripts } from './worker-chunks';

const base = 'https://app.example/_app/immutable/workers/';

describe('importedScripts', () => {
	it('finds static and dynamic relative imports in minified output, resolved to URLs', () => {
		const source =
			'import{f as e}from"../worker-B9.js";const a=()=>import(`./chunks/DA.js`),' +
			'b=()=>import(\'./chunks/Dc.js\');import"./chunks/side.js";';
		expect(importedScripts(source, `${base}chunks/x.js`)).toEqual([
			`${base}worker-B9.js`,
			`${base}chunks/chunks/DA.js`,
			`${base}chunks/chunks/Dc.js`,
			`${base}chunks/chunks/side.js`
		]);
	});

	it('ignores bare and absolute specifiers and strings that are not imports', () => {
		const source = 'import x from"mqtt";const s="./not-an-import.js";fetch("/a.js")';
		expect(importedScripts(source, `${base}worker.js`)).toEqual([]);
	});
});

describe('reachableScripts', () => {
	it('follows imports transitively, loading each script once even through cycles', async () => {
		const scripts: Record<string, string> = {
			[`${base}worker.js`]: 'const a=()=>import(`./chunks/a.js`)',
			[`${base}chunks/a.js`]: 'import{x}from"../worker.js";import{y}from"./b.js"',
			[`${base}chunks/b.js`]: 'import{x}from"./a.js"'
		};
		const loaded: string[] = [];
		const all = await reachableScripts([`${base}worker.js`], async (url) => {
			loaded.push(url);
			return scripts[url];
		});
		expect(all).toEqual([`${base}worker.js`, `${base}chunks/a.js`, `${base}chunks/b.js`]);
		expect(loaded).toEqual(all);
	});
});
