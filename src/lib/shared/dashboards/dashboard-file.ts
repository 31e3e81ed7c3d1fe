/**
 * Dashboard files: a profile's tiles and alert rules exported as readable JSON, and read back
 * (checked field by field, with fresh ids) into the same or another profile.
 */
import { validateRule, type AlertRule } from '../alerts/alert-rules';
import {
	cleanSeries,
	DASHBOARD_FILE_FORMAT,
	DASHBOARD_FILE_VERSION,
	DEFAULT_WINDOW_MS,
	validateTile,
	type ChartSeries,
	type Dashboard,
	type GaugeRange,
	type Tile
} from './dashboard';
import type { SeriesSpec } from '../charts/series';
import { validateTopicFilter } from '../mqtt/topic';
import { exceedsDepth } from '../payload/json-depth';

/** Largest dashboard file read: a few hundred tiles fit in a tenth of this. */
export const MAX_DASHBOARD_FILE_CHARS = 1024 * 1024;
/** Deepest nesting of a dashboard file: a tile's fields are four levels down. */
const MAX_FILE_DEPTH = 16;
/** Most tiles, and most alert rules, a file may hold. */
export const MAX_FILE_TILES = 200;
/** Longest list inside a tile (chart series, gauge ranges, status values). */
export const MAX_TILE_LIST = 64;
/** Longest text in a tile or rule (title, unit, label, path, topic filter, status value). */
export const MAX_TILE_TEXT = 1024;
/** Longest chart window: a century. */
const MAX_WINDOW_MS = 100 * 365.25 * 24 * 3600 * 1000;

/** The readable JSON file a dashboard is exported as (tiles and alert rules, no profile). */
export function dashboardFile(dashboard: Pick<Dashboard, 'tiles' | 'alerts'>, now = Date.now()) {
	const file = {
		format: DASHBOARD_FILE_FORMAT,
		version: DASHBOARD_FILE_VERSION,
		exportedAt: new Date(now).toISOString(),
		tiles: dashboard.tiles,
		alerts: dashboard.alerts
	};
	return JSON.stringify(file, null, 2) + '\n';
}

/** An imported dashboard file, or why it cannot be imported. */
export type DashboardFileResult = { tiles: Tile[]; alerts: AlertRule[] } | { error: string };

/**
 * Reads an exported dashboard file. Every tile and alert rule is checked and gets a fresh id,
 * so importing twice (or into another profile) never collides; the first problem is named.
 */
export function parseDashboardFile(
	text: string,
	newId: () => string = () => crypto.randomUUID()
): DashboardFileResult {
	if (text.length > MAX_DASHBOARD_FILE_CHARS) {
		return {
			error: `This file is ${Math.round(text.length / 1024)} KB, far more than a dashboard file (at most ${MAX_DASHBOARD_FILE_CHARS / 1024} KB).`
		};
	}
	if (exceedsDepth(text, MAX_FILE_DEPTH)) {
		return { error: 'This file is nested far more deeply than a dashboard file is.' };
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		return { error: `This is not a JSON file: ${error instanceof Error ? error.message : error}` };
	}
	if (!isRecord(data) || data.format !== DASHBOARD_FILE_FORMAT) {
		return {
			error:
				'This is not an mqtt-scope dashboard file (its "format" field is missing or different).'
		};
	}
	if (data.version !== DASHBOARD_FILE_VERSION) {
		return {
			error: `This dashboard file has version ${JSON.stringify(data.version)}; this app reads version ${DASHBOARD_FILE_VERSION}.`
		};
	}
	if (!Array.isArray(data.tiles)) return { error: 'The file has no list of tiles.' };
	const alertsIn = data.alerts ?? [];
	if (!Array.isArray(alertsIn)) return { error: 'The file\'s "alerts" is not a list.' };
	if (data.tiles.length > MAX_FILE_TILES || alertsIn.length > MAX_FILE_TILES) {
		return {
			error: `The file has ${data.tiles.length} tiles and ${alertsIn.length} alert rules; at most ${MAX_FILE_TILES} of each can be imported.`
		};
	}
	return readDashboardParts(data.tiles, alertsIn, newId);
}

/**
 * Tiles and alert rules from untrusted JSON (a dashboard file's or a share link's): each is
 * type-checked, validated like the forms do, and given a fresh id; the first problem is named.
 */
export function readDashboardParts(
	tilesIn: unknown[],
	alertsIn: unknown[],
	newId: () => string = () => crypto.randomUUID()
): DashboardFileResult {
	const tiles: Tile[] = [];
	for (const [i, raw] of tilesIn.entries()) {
		const name = isRecord(raw) && typeof raw.title === 'string' ? ` "${raw.title}"` : '';
		const tile = readTile(raw, newId());
		if (typeof tile === 'string') return { error: `Tile ${i + 1}${name}: ${tile}` };
		const errors = validateTile(tile);
		if (errors.length) return { error: `Tile ${i + 1}${name}: ${errors.join(' ')}` };
		tiles.push(tile);
	}
	const alerts: AlertRule[] = [];
	for (const [i, raw] of alertsIn.entries()) {
		const rule = readAlertRule(raw, newId());
		if (typeof rule === 'string') return { error: `Alert ${i + 1}: ${rule}` };
		// The same checks as the alert form: a rule the form would refuse never reaches the engine.
		const problems = Object.values(validateRule(rule));
		if (problems.length) {
			return { error: `Alert ${i + 1} ${JSON.stringify(rule.name)}: ${problems.join(' ')}` };
		}
		alerts.push(rule);
	}
	return { tiles, alerts };
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readSpec(value: unknown): SeriesSpec | string {
	if (!isRecord(value) || typeof value.topicFilter !== 'string' || typeof value.path !== 'string') {
		return 'its series needs a "topicFilter" and a "path".';
	}
	return { topicFilter: value.topicFilter, path: value.path };
}

function optionalString(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Why a tile or rule from untrusted JSON is too large: a text or list past the bounds. */
function tooLarge(raw: Json): string | undefined {
	const pending: unknown[] = [raw];
	while (pending.length) {
		const value = pending.pop();
		if (typeof value === 'string' && value.length > MAX_TILE_TEXT) {
			return `a text in it is ${value.length} characters long; at most ${MAX_TILE_TEXT} are allowed.`;
		}
		if (Array.isArray(value) && value.length > MAX_TILE_LIST) {
			return `a list in it has ${value.length} entries; at most ${MAX_TILE_LIST} are allowed.`;
		}
		if (value !== null && typeof value === 'object') {
			// A loop, not a spread: an object of 200,000 keys would overflow the call's arguments.
			for (const child of Object.values(value)) pending.push(child);
		}
	}
	return undefined;
}

/** A tile from untrusted JSON with only the known fields kept, or why it is not one. */
function readTile(raw: unknown, id: string): Tile | string {
	if (!isRecord(raw)) return 'not an object.';
	const large = tooLarge(raw);
	if (large) return large;
	if (typeof raw.title !== 'string') return 'it has no title.';
	const width = raw.width ?? 1;
	if (width !== 1 && width !== 2 && width !== 3) return 'the width must be 1, 2 or 3 columns.';
	const base: Pick<Tile, 'id' | 'title' | 'width'> = { id, title: raw.title, width };
	switch (raw.kind) {
		case 'chart': {
			if (!Array.isArray(raw.series)) return 'a chart needs a list of series.';
			const series: ChartSeries[] = [];
			for (const s of raw.series) {
				const spec = readSpec(s);
				if (typeof spec === 'string') return spec;
				const r = s as Json;
				series.push(
					cleanSeries({
						...spec,
						label: optionalString(r.label),
						unit: optionalString(r.unit),
						axis: r.axis === 'right' ? 'right' : undefined
					})
				);
			}
			const windowMs = typeof raw.windowMs === 'number' ? raw.windowMs : DEFAULT_WINDOW_MS;
			if (windowMs > MAX_WINDOW_MS) return 'the time window is longer than a century.';
			return { ...base, kind: 'chart', series, windowMs };
		}
		case 'number': {
			const series = readSpec(raw.series);
			if (typeof series === 'string') return series;
			const tile: Tile = { ...base, kind: 'number', series };
			if (optionalString(raw.unit)) tile.unit = raw.unit as string;
			if (raw.decimals !== undefined) {
				if (typeof raw.decimals !== 'number') return 'decimals must be a number.';
				tile.decimals = raw.decimals;
			}
			return tile;
		}
		case 'gauge': {
			const series = readSpec(raw.series);
			if (typeof series === 'string') return series;
			if (typeof raw.min !== 'number' || typeof raw.max !== 'number') {
				return 'a gauge needs a numeric "min" and "max".';
			}
			const rangesIn = raw.ranges ?? [];
			if (!Array.isArray(rangesIn)) return '"ranges" must be a list.';
			const ranges: GaugeRange[] = [];
			for (const r of rangesIn) {
				if (!isRecord(r) || typeof r.from !== 'number' || typeof r.to !== 'number') {
					return 'each gauge range needs a numeric "from" and "to".';
				}
				ranges.push({ from: r.from, to: r.to, color: typeof r.color === 'string' ? r.color : '' });
			}
			const tile: Tile = { ...base, kind: 'gauge', series, min: raw.min, max: raw.max, ranges };
			if (optionalString(raw.unit)) tile.unit = raw.unit as string;
			return tile;
		}
		case 'status': {
			if (typeof raw.topicFilter !== 'string') return 'a status tile needs a "topicFilter".';
			const path = raw.path ?? '';
			if (typeof path !== 'string') return '"path" must be text.';
			const ok = raw.okValues;
			if (!Array.isArray(ok) || !ok.every((v) => typeof v === 'string')) {
				return '"okValues" must be a list of texts, e.g. ["online"].';
			}
			return { ...base, kind: 'status', topicFilter: raw.topicFilter, path, okValues: ok };
		}
		default:
			return `unknown kind ${JSON.stringify(raw.kind)} (expected chart, number, gauge or status).`;
	}
}

const CONDITION_KINDS = ['above', 'below', 'outside', 'silence', 'status'];

/** An alert rule from untrusted JSON, its fields type-checked (validateRule checks the rest). */
function readAlertRule(raw: unknown, id: string): AlertRule | string {
	if (!isRecord(raw)) return 'not an object.';
	const large = tooLarge(raw);
	if (large) return large;
	if (typeof raw.name !== 'string' || !raw.name.trim()) return 'it has no name.';
	const series = readSpec(raw.series);
	if (typeof series === 'string') return series;
	const filterError = validateTopicFilter(series.topicFilter);
	if (filterError) return filterError;
	const condition = raw.condition;
	if (!isRecord(condition) || !CONDITION_KINDS.includes(condition.kind as string)) {
		return `unknown condition (expected one of ${CONDITION_KINDS.join(', ')}).`;
	}
	const numbers: Record<string, string[]> = {
		above: ['value'],
		below: ['value'],
		outside: ['min', 'max'],
		silence: ['seconds'],
		status: []
	};
	for (const field of numbers[condition.kind as string]) {
		if (typeof condition[field] !== 'number' || !Number.isFinite(condition[field])) {
			return `the "${condition.kind}" condition needs a number "${field}".`;
		}
	}
	if (condition.kind === 'status' && typeof condition.equals !== 'string') {
		return 'the "status" condition needs the text it "equals".';
	}
	// Only the condition's own fields are kept: the checks above made them the right types.
	const kept = Object.fromEntries(
		[...numbers[condition.kind as string], 'kind', 'equals']
			.filter((field) => condition[field] !== undefined)
			.map((field) => [field, condition[field]])
	) as AlertRule['condition'];
	return { id, name: raw.name, series, condition: kept, enabled: raw.enabled !== false };
}
