/**
 * Sparkplug B payload decoding (Eclipse Sparkplug 3.0): the public sparkplug_b.proto, embedded,
 * decoded with protobufjs, and metric aliases resolved from the birth certificates in history.
 */
import type * as Pb from 'protobufjs';
import type {
	SparkplugMetric,
	SparkplugPayload,
	SparkplugResult
} from '$lib/shared/payload/decode-result';
import type { SparkplugTopic } from '$lib/shared/payload/sparkplug-topic';
import { isoTime } from '$lib/shared/history/time-format';
import { decodeMessage } from './proto-reflect';
import { loadProtobuf, parseSchema } from './protobuf';

/**
 * sparkplug_b.proto (org.eclipse.tahu.protobuf), field numbers as published. Extension ranges
 * are left out: protobufjs skips unknown fields, so extended payloads still decode.
 */
export const SPARKPLUG_PROTO = `
syntax = "proto2";
package org.eclipse.tahu.protobuf;
message Payload {
  message Template {
    message Parameter {
      optional string name = 1;
      optional uint32 type = 2;
      oneof value {
        uint32 int_value = 3;
        uint64 long_value = 4;
        float float_value = 5;
        double double_value = 6;
        bool boolean_value = 7;
        string string_value = 8;
      }
    }
    optional string version = 1;
    repeated Metric metrics = 2;
    repeated Parameter parameters = 3;
    optional string template_ref = 4;
    optional bool is_definition = 5;
  }
  message DataSet {
    message DataSetValue {
      oneof value {
        uint32 int_value = 1;
        uint64 long_value = 2;
        float float_value = 3;
        double double_value = 4;
        bool boolean_value = 5;
        string string_value = 6;
      }
    }
    message Row {
      repeated DataSetValue elements = 1;
    }
    optional uint64 num_of_columns = 1;
    repeated string columns = 2;
    repeated uint32 types = 3;
    repeated Row rows = 4;
  }
  message PropertyValue {
    optional uint32 type = 1;
    optional bool is_null = 2;
    oneof value {
      uint32 int_value = 3;
      uint64 long_value = 4;
      float float_value = 5;
      double double_value = 6;
      bool boolean_value = 7;
      string string_value = 8;
      PropertySet propertyset_value = 9;
      PropertySetList propertysets_value = 10;
    }
  }
  message PropertySet {
    repeated string keys = 1;
    repeated PropertyValue values = 2;
  }
  message PropertySetList {
    repeated PropertySet propertyset = 1;
  }
  message MetaData {
    optional bool is_multi_part = 1;
    optional string content_type = 2;
    optional uint64 size = 3;
    optional uint64 seq = 4;
    optional string file_name = 5;
    optional string file_type = 6;
    optional string md5 = 7;
    optional string description = 8;
  }
  message Metric {
    optional string name = 1;
    optional uint64 alias = 2;
    optional uint64 timestamp = 3;
    optional uint32 datatype = 4;
    optional bool is_historical = 5;
    optional bool is_transient = 6;
    optional bool is_null = 7;
    optional MetaData metadata = 8;
    optional PropertySet properties = 9;
    oneof value {
      uint32 int_value = 10;
      uint64 long_value = 11;
      float float_value = 12;
      double double_value = 13;
      bool boolean_value = 14;
      string string_value = 15;
      bytes bytes_value = 16;
      DataSet dataset_value = 17;
      Template template_value = 18;
    }
  }
  optional uint64 timestamp = 1;
  repeated Metric metrics = 2;
  optional uint64 seq = 3;
  optional string uuid = 4;
  optional bytes body = 5;
}
`;

/** Sparkplug data type names by number (Sparkplug 3.0 §6.4.16). */
export const DATA_TYPES: readonly string[] = [
	'Unknown',
	'Int8',
	'Int16',
	'Int32',
	'Int64',
	'UInt8',
	'UInt16',
	'UInt32',
	'UInt64',
	'Float',
	'Double',
	'Boolean',
	'String',
	'DateTime',
	'Text',
	'UUID',
	'DataSet',
	'Bytes',
	'File',
	'Template',
	'PropertySet',
	'PropertySetList',
	'Int8Array',
	'Int16Array',
	'Int32Array',
	'Int64Array',
	'UInt8Array',
	'UInt16Array',
	'UInt32Array',
	'UInt64Array',
	'FloatArray',
	'DoubleArray',
	'BooleanArray',
	'StringArray',
	'DateTimeArray'
];

/** A metric as protobufjs hands it over (longs as decimal strings, keepCase names). */
export interface RawMetric {
	name?: string;
	alias?: string;
	timestamp?: string;
	datatype?: number;
	is_null?: boolean;
	value?: string;
	[field: string]: unknown;
}

/** A payload as protobufjs hands it over. */
export interface RawPayload {
	timestamp?: string;
	seq?: string;
	uuid?: string;
	metrics?: RawMetric[];
}

let payloadType: Promise<Pb.Type> | undefined;

/** Decodes Sparkplug B payload bytes into plain objects; throws on bytes that are not one. */
export async function decodeRaw(bytes: Uint8Array): Promise<RawPayload> {
	payloadType ??= parseSchema(SPARKPLUG_PROTO).then((root) => {
		if ('error' in root) throw new Error(root.error);
		return root.lookupType('org.eclipse.tahu.protobuf.Payload');
	});
	const type = await payloadType;
	// `value` names which member of the oneof is set.
	return decodeMessage(await loadProtobuf(), type, bytes, { oneofs: true }) as RawPayload;
}

/** The alias → name map a birth certificate defines. */
export function aliasMap(birth: RawPayload): Map<string, string> {
	const map = new Map<string, string>();
	for (const metric of birth.metrics ?? []) {
		if (metric.alias !== undefined && metric.name !== undefined) map.set(metric.alias, metric.name);
	}
	return map;
}

/**
 * A metric's value for display: signed types from their unsigned wire form (Sparkplug sends
 * Int8–Int32 in a uint32 and Int64 in a uint64, two's complement), 64-bit as exact strings.
 */
export function metricValue(metric: RawMetric): unknown {
	if (metric.is_null || !metric.value) return null;
	const raw = metric[metric.value];
	switch (metric.datatype) {
		case 1:
			return ((raw as number) << 24) >> 24;
		case 2:
			return ((raw as number) << 16) >> 16;
		case 3:
			return (raw as number) | 0;
		case 4:
			return BigInt.asIntN(64, BigInt(raw as string)).toString();
		case 13: {
			// A uint64 can be far beyond any date: such a value is shown as sent.
			return isoTime(Number(raw)) ?? raw;
		}
	}
	if (metric.value === 'long_value' && typeof raw === 'string' && Number.isSafeInteger(+raw)) {
		return Number(raw);
	}
	return raw;
}

/**
 * Metrics sent to the page at most: a 1 MB payload can hold 200,000, and a table of them all
 * would freeze the page (and cloning them to it too).
 */
export const MAX_SHOWN_METRICS = 1000;

/** A decoded payload for display, names resolved from `aliases` (birth maps, nearest first). */
export function toSparkplugPayload(
	topic: SparkplugTopic,
	raw: RawPayload,
	aliases: Map<string, string>[]
): SparkplugPayload {
	let unresolved = 0;
	const all = raw.metrics ?? [];
	const metrics = all.slice(0, MAX_SHOWN_METRICS).map((metric): SparkplugMetric => {
		let name = metric.name;
		let resolved = false;
		if (name === undefined && metric.alias !== undefined) {
			name = aliases.map((map) => map.get(metric.alias as string)).find((n) => n !== undefined);
			resolved = name !== undefined;
			if (!resolved) unresolved++;
		}
		const result: SparkplugMetric = {
			resolved,
			datatype: DATA_TYPES[metric.datatype ?? 0] ?? String(metric.datatype),
			value: metricValue(metric)
		};
		if (name !== undefined) result.name = name;
		if (metric.alias !== undefined) result.alias = metric.alias;
		if (metric.timestamp !== undefined) result.timestamp = Number(metric.timestamp);
		return result;
	});
	const payload: SparkplugPayload = { messageType: topic.messageType, metrics };
	if (raw.timestamp !== undefined) payload.timestamp = Number(raw.timestamp);
	if (raw.seq !== undefined) payload.seq = raw.seq;
	if (raw.uuid !== undefined) payload.uuid = raw.uuid;
	const notes: string[] = [];
	if (unresolved > 0) {
		notes.push(
			`${unresolved} metric alias${unresolved === 1 ? '' : 'es'} not found in a birth certificate in history.`
		);
	}
	if (all.length > MAX_SHOWN_METRICS) {
		notes.push(
			`Showing the first ${MAX_SHOWN_METRICS.toLocaleString('en')} of ${all.length.toLocaleString('en')} metrics.`
		);
	}
	if (notes.length) payload.note = notes.join(' ');
	return payload;
}

/** Decodes a Sparkplug payload; `births` returns the birth certificates' bytes, nearest first. */
export async function decodeSparkplug(
	topic: SparkplugTopic,
	bytes: Uint8Array,
	births: () => Promise<Uint8Array[]>
): Promise<SparkplugResult> {
	let raw: RawPayload;
	try {
		raw = await decodeRaw(bytes);
	} catch (error) {
		const text = error instanceof Error ? error.message : String(error);
		return { error: `Not a valid Sparkplug B payload: ${text}.` };
	}
	const needsAliases = (raw.metrics ?? []).some(
		(m) => m.name === undefined && m.alias !== undefined
	);
	const maps: Map<string, string>[] = [];
	if (needsAliases) {
		for (const birth of await births()) {
			try {
				maps.push(aliasMap(await decodeRaw(birth)));
			} catch {
				// A broken birth certificate resolves nothing; the note says what stayed unresolved.
			}
		}
	}
	return { value: toSparkplugPayload(topic, raw, maps) };
}
