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
