import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { quietBuild } from './quiet-build.js';

it('says one line while building and shows the build log only when the build fails', async () => {
	// A folder without vite: the build process fails at once, the way a broken build does.
	const root = mkdtempSync(join(tmpdir(), 'quiet-build-spec-'));
	const said: string[] = [];
	try {
		const err = await quietBuild(root, (line) => said.push(line)).catch((e: unknown) => e);
		expect(said).toEqual(['mqtt-scope: building the app…']);
		expect(err).toBeInstanceOf(Error);
		const message = (err as Error).message;
		expect(message).toMatch(/^the build failed \(exit code 1\):/);
		// The failing build's own words come along, so the user sees why.
		expect(message).toContain('Cannot find module');
		expect(message).toContain(join(root, 'node_modules', 'vite', 'bin', 'vite.js'));
	} finally {
		rmSync(root, { recursive: true, force: true });
	}
});
