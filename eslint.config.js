import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				// Files outside SvelteKit's tsconfig (service worker, scripts, tests) get a default project.
				projectService: {
					allowDefaultProject: ['src/service-worker/*.ts', 'playwright.config.ts']
				},
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			// A leading underscore marks what a destructuring leaves out on purpose.
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }
			]
		}
	},
	{
		// Where code runs decides what it may import (docs/ARCHITECTURE.md): the UI never reaches
		// into engine internals or mqtt.js, and shared code stays runtime-neutral.
		files: ['src/lib/ui/**', 'src/lib/state/**', 'src/routes/**', 'src/lib/pwa/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					// `paths` for the package itself: a pattern `mqtt` would also match shared/mqtt/.
					paths: [{ name: 'mqtt', message: 'mqtt.js runs only in the engine worker.' }],
					patterns: [
						{ group: ['mqtt/*'], message: 'mqtt.js runs only in the engine worker.' },
						{
							group: ['$lib/engine/*', '**/engine/*'],
							message: 'Talk to the engine through src/lib/state/engine.ts.'
						}
					]
				}
			]
		}
	},
	{
		// Components do not subscribe to engine events: state classes do (state/*-follow.ts,
		// the rune classes), so event routing and cleanup live in one layer (docs/ARCHITECTURE.md).
		files: ['src/lib/ui/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [{ name: 'mqtt', message: 'mqtt.js runs only in the engine worker.' }],
					patterns: [
						{ group: ['mqtt/*'], message: 'mqtt.js runs only in the engine worker.' },
						{
							group: ['$lib/engine/*', '**/engine/*'],
							message: 'Talk to the engine through src/lib/state/engine.ts.'
						},
						{
							group: ['$lib/state/engine', '**/state/engine'],
							importNames: ['on', 'onEngineRestart', 'anyProfile'],
							message:
								'Components do not subscribe to engine events: follow them through a state class or state/*-follow.ts.'
						}
					]
				}
			]
		}
	},
	{
		files: ['src/lib/engine/**', 'src/lib/shared/**', 'src/lib/storage/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['*.svelte', '$lib/ui/*', '$lib/state/*'], message: 'No UI code here.' }
					]
				}
			]
		}
	},
	{
		// Only src/lib/storage knows store layouts (docs/ARCHITECTURE.md): the engine asks it for
		// records, runs of records and pages, and never opens a transaction, a cursor or a key range
		// itself. Specs may still look inside the database to check what storage did.
		files: ['src/lib/engine/**'],
		ignores: ['src/lib/engine/**/*.spec.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						{
							name: 'idb',
							message:
								'The engine holds a storage Database and hands it to src/lib/storage functions.'
						}
					],
					patterns: [
						// Repeated from the block above: a later block's options replace, not extend.
						{ group: ['*.svelte', '$lib/ui/*', '$lib/state/*'], message: 'No UI code here.' },
						{
							group: ['$lib/storage/db', '**/storage/db'],
							importNames: [
								'ScopeDB',
								'Segment',
								'SegmentHead',
								'HistoryMeta',
								'topicKey',
								'writeSegment',
								'headOf',
								'metaOf',
								'addHead'
							],
							message:
								'The schema and segment layouts are storage’s: hold a Database, ask a src/lib/storage function for records.'
						},
						{
							group: [
								'$lib/storage/segment-append',
								'$lib/storage/history-page',
								'**/storage/segment-append',
								'**/storage/history-page'
							],
							message: 'Storage internals: ask a src/lib/storage function for records or a page.'
						}
					]
				}
			],
			'no-restricted-syntax': [
				'error',
				{
					selector: "CallExpression[callee.property.name='transaction']",
					message: 'Transactions are storage’s: call a src/lib/storage function.'
				},
				{
					selector:
						'CallExpression[callee.property.name=/^(objectStore|openCursor|openKeyCursor)$/]',
					message: 'Stores and cursors are storage’s: call a src/lib/storage function.'
				},
				{
					selector: "Identifier[name='IDBKeyRange']",
					message: 'Key ranges are storage’s: call a src/lib/storage function.'
				},
				{
					// `db.getAll('segments', …)`, `this.#db.get(…)`: reads by store name need no transaction.
					selector:
						"CallExpression[callee.object.name='db'], CallExpression[callee.object.property.name='db']",
					message:
						'The engine hands its database to src/lib/storage functions and calls none of its methods.'
				}
			]
		}
	},
	{
		files: ['src/lib/shared/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						{ name: 'mqtt', message: 'Shared code is pure.' },
						{ name: 'idb', message: 'Shared code is pure.' }
					],
					patterns: [{ group: ['$lib/*', '*.svelte'], message: 'Shared code is pure.' }]
				}
			]
		}
	},
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'bench/results/'
		]
	}
);
