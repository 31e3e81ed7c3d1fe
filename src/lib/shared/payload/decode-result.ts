/** A .proto schema and the message type to decode payloads as. */
export interface ProtoSchemaSpec {
	/** The .proto source text. */
	text: string;
	/** Fully qualified message type, e.g. "demo.Reading". */
	messageType: string;
}

/** A decoded payload, or why it could not be decoded (in words). */
export type DecodeResult = { value: unknown } | { error: string };

/** The message types a .proto defines, or where it fails to parse. */
export type ProtoTypesResult = { types: string[] } | { error: string };

/** One Sparkplug B metric, with its alias resolved to a name where a birth certificate says. */
export interface SparkplugMetric {
	/** The metric name: sent, or resolved from the birth's alias map; undefined if unknown. */
	name?: string;
	alias?: string;
	/** Whether the name came from a birth certificate rather than this message. */
	resolved: boolean;
	/** Sparkplug data type name, e.g. "Int32", "Double" (or the number if unknown). */
	datatype: string;
	/** The value as a display value (null when is_null). */
	value: unknown;
	/** Milliseconds since the epoch, if sent. */
	timestamp?: number;
}

/** A decoded Sparkplug B payload. */
export interface SparkplugPayload {
	/** Message type from the topic: NBIRTH, NDATA, DBIRTH, DDATA, NCMD, … */
	messageType: string;
	timestamp?: number;
	seq?: string;
	uuid?: string;
	metrics: SparkplugMetric[];
	/** Set when aliases were used but no birth certificate in history defines them. */
	note?: string;
}

/** A decoded Sparkplug B payload, or why not. */
export type SparkplugResult = { value: SparkplugPayload } | { error: string };
