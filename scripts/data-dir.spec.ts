import { describe, expect, it } from 'vitest';
import { dataDir } from './data-dir.js';

describe('data folder', () => {
	it('is MQTT_SCOPE_DATA_DIR when set, made absolute', () => {
		expect(dataDir({ MQTT_SCOPE_DATA_DIR: '/srv/scope' }, 'linux', '/home/a')).toBe('/srv/scope');
	});

	it('follows the platform: XDG on Linux, Application Support on macOS, LOCALAPPDATA on Windows', () => {
		expect(dataDir({}, 'linux', '/home/a')).toBe('/home/a/.local/share/mqtt-scope');
		expect(dataDir({ XDG_DATA_HOME: '/data' }, 'linux', '/home/a')).toBe('/data/mqtt-scope');
		// XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
		expect(dataDir({ XDG_DATA_HOME: 'rel' }, 'linux', '/home/a')).toBe(
			'/home/a/.local/share/mqtt-scope'
		);
		expect(dataDir({}, 'darwin', '/Users/a')).toBe(
			'/Users/a/Library/Application Support/mqtt-scope'
		);
		expect(dataDir({ LOCALAPPDATA: 'C:/Users/a/AppData/Local' }, 'win32', 'C:/Users/a')).toBe(
			'C:/Users/a/AppData/Local/mqtt-scope'
		);
	});
});
